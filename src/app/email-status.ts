// What became of the last e-mail to a person in an incident (issue 14): kept as a platform
// reference of the `email` platform, so the owners' page can say "delivered" (the SMTP
// server accepted it, or the .eml file was written) or "bounced" (refused for good).
// The adapter writes it (adapters/email/email-status.ts); the owners' page reads it here.

import type { PlatformRefValue, StoreTx } from './ports.ts';

export const EMAIL_PLATFORM = 'email';

/** As stored: plain JSON. */
export interface EmailStatus {
  status: 'delivered' | 'bounced';
  /** When the SMTP server answered (ISO 8601). */
  at: string;
  messageId?: string;
  /** The server's refusal, for a bounce. */
  error?: string;
}

export function emailStatusKey(incidentNumber: number, personId: string): string {
  return `last:${incidentNumber}:${personId}`;
}

/** The stored value as an EmailStatus, or undefined when it is not one (written by another version). */
export function parseEmailStatus(value: PlatformRefValue | null): EmailStatus | undefined {
  if (!value) return undefined;
  const { status, at, messageId, error } = value;
  if (status !== 'delivered' && status !== 'bounced') return undefined;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  if (messageId !== undefined && typeof messageId !== 'string') return undefined;
  if (error !== undefined && typeof error !== 'string') return undefined;
  return {
    status,
    at,
    ...(messageId !== undefined ? { messageId } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

/** The status of the last e-mail to the person in the incident; undefined: none sent (or unreadable). */
export async function readEmailStatus(
  tx: Pick<StoreTx, 'loadPlatformRef'>,
  incidentNumber: number,
  personId: string,
): Promise<EmailStatus | undefined> {
  return parseEmailStatus(await tx.loadPlatformRef(EMAIL_PLATFORM, emailStatusKey(incidentNumber, personId)));
}
