// What the owner should offer the client, in one plain sentence (design §1.6: credits
// offered before they are asked for), plus the months and the working behind it.

import { creditsFor, formatMoney, monthName, type MonthCredit } from './credits.ts';
import type { Directory } from './directory.ts';
import type { Summary } from './summary-types.ts';

export interface CreditAdvice {
  clientName: string;
  months: MonthCredit[];
  totalCents: number;
  sentence: string;
}

function owedSentence(client: string, months: MonthCredit[], total: number, open: boolean): string {
  const owed = months.filter((m) => m.creditCents > 0);
  const split =
    owed.length > 1
      ? ` (${owed.map((m) => `${formatMoney(m.creditCents)} for ${monthName(m.month)}`).join(', ')})`
      : '';
  const verb = open ? 'has earned' : 'earns';
  const sofar = open ? ' so far' : '';
  return `Under ${client}'s SLA, this outage ${verb} a credit of ${formatMoney(total)}${split}${sofar}: offer it before they ask.`;
}

function noCreditSentence(client: string, months: MonthCredit[]): string {
  const worst = [...months].sort((a, b) => a.uptimePercent - b.uptimePercent)[0];
  if (!worst) return `Under ${client}'s SLA, this outage earns no credit.`;
  const uptime = `${Number(worst.uptimePercent.toFixed(3))}%`;
  return `Under ${client}'s SLA, this outage earns no credit: uptime for ${monthName(worst.month)} stays at ${uptime}, above every credit tier.`;
}

/** Undefined when the site is no longer in the directory (its SLA is unknown). */
export function adviseCredit(summary: Summary, directory: Directory, now: Date): CreditAdvice | undefined {
  const site = directory.sites.find((s) => s.id === summary.siteId);
  if (!site) return undefined;
  const clientName = directory.organisations.find((o) => o.id === site.clientId)?.name ?? site.clientId;
  const months = creditsFor(site.sla, summary.downtime, now);
  const totalCents = months.reduce((sum, m) => sum + m.creditCents, 0);
  const open = summary.resolvedAt === undefined;
  const sentence =
    totalCents > 0
      ? owedSentence(clientName, months, totalCents, open)
      : noCreditSentence(clientName, months);
  return { clientName, months, totalCents, sentence };
}
