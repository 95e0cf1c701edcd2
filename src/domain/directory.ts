// The directory: who exists, who works where, and which sites they look after.
// Plain data; loading and validation live in src/directory.

export type OrgKind = 'provider' | 'vendor' | 'client';
export type Platform = 'slack' | 'discord' | 'console';
export const NOTIFY_BY = ['chat', 'email', 'both'] as const;
export type NotifyBy = (typeof NOTIFY_BY)[number];

export interface Organisation {
  id: string;
  name: string;
  kind: OrgKind;
  /** The provider's IANA time zone (e.g. Europe/London): times in messages and pages use it. */
  timezone?: string | undefined;
}

export interface Person {
  id: string;
  /** Preferred name: how the bot addresses this person, always. */
  name: string;
  organisationId: string;
  email?: string | undefined;
  /**
   * How Handoff reaches this person: chat (the default), e-mail only, or both. Someone with
   * an address and no id on any configured chat platform gets e-mail whatever this says.
   */
  notify?: NotifyBy | undefined;
  handles: { slack?: string | undefined; discord?: string | undefined };
}

export interface CreditTier {
  /** The tier applies when monthly uptime falls below this percentage. */
  belowPercent: number;
  /** Share of the monthly fee credited back, in percent. */
  creditPercent: number;
}

export interface Sla {
  monthlyFeeCents: number;
  uptimeTarget: number;
  creditTiers: CreditTier[];
}

export interface Site {
  id: string;
  name: string;
  clientId: string;
  itContactId: string;
  vendorContactIds: string[];
  sla: Sla;
  runbook?: string | undefined;
  fallback?: string | undefined;
}

export interface Directory {
  organisations: Organisation[];
  people: Person[];
  sites: Site[];
}
