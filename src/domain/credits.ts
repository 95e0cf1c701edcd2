// Service credits (design §1.6): the outage's downtime against the site's SLA, month by
// month, with the arithmetic spelled out so the owner can show the client how it was
// worked out. Months are calendar months in UTC; an outage that spans a month boundary
// counts in each month for the part that fell in it.
//
// Downtime is opened → resolved (and reopened → resolved again), clipped to the month.
// Monthly uptime = 1 − downtime / length of the month. The credit is the largest tier
// whose threshold the uptime falls below (strictly), as a share of the monthly fee.

import type { CreditTier, Sla } from './directory.ts';
import type { Interval } from './summary-types.ts';

const MINUTE = 60_000;

export interface MonthCredit {
  /** `YYYY-MM`, UTC. */
  month: string;
  minutesInMonth: number;
  downtimeMs: number;
  uptimePercent: number;
  targetPercent: number;
  targetMet: boolean;
  /** The tier that applies; undefined when the uptime is above every tier. */
  tier?: CreditTier | undefined;
  feeCents: number;
  creditCents: number;
  /** The working, one line each, for people. */
  arithmetic: string[];
}

function monthStart(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1));
}

function nextMonthStart(month: string): Date {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

export function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

// Spelled out rather than asked of Intl: the first Intl formatter a process builds costs it
// about 8 MB (V8 lists every locale ICU has), and this one was built when the module loaded,
// so every server paid for it before anyone read a summary (issue 13).
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** `2026-03` → `March 2026`. */
export function monthName(month: string): string {
  const start = monthStart(month);
  return `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}`;
}

/** Every month the intervals touch, in order; a running interval runs until `now`. */
export function monthsOf(intervals: readonly Interval[], now: Date): string[] {
  const months = new Set<string>();
  for (const i of intervals) {
    const end = i.to ?? now;
    for (let m = monthOf(i.from); m <= monthOf(end); m = monthOf(nextMonthStart(m))) months.add(m);
  }
  return [...months].sort();
}

/** Milliseconds of the intervals that fall inside the month (overlaps counted once). */
export function downtimeInMonth(intervals: readonly Interval[], month: string, now: Date): number {
  const start = monthStart(month).getTime();
  const end = nextMonthStart(month).getTime();
  const clipped = intervals
    .map((i) => [Math.max(i.from.getTime(), start), Math.min((i.to ?? now).getTime(), end)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reached = -Infinity;
  for (const [a, b] of clipped) {
    const from = Math.max(a, reached);
    if (b > from) total += b - from;
    reached = Math.max(reached, b);
  }
  return total;
}

/**
 * Whether uptime is strictly below `percent`, in integer arithmetic so 99.9 % exactly is
 * not "below 99.9 %" by a rounding error: 100 − 100·d/M < p  ⇔  1000·100·(M − d) < 1000·p·M.
 */
function uptimeBelow(downtimeMs: number, monthMs: number, percent: number): boolean {
  const left = BigInt(100_000) * BigInt(monthMs - downtimeMs);
  const right = BigInt(Math.round(percent * 1000)) * BigInt(monthMs);
  return left < right;
}

export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

const fmtMinutes = (ms: number) => {
  const minutes = ms / MINUTE;
  return Number.isInteger(minutes) ? minutes.toLocaleString('en-US') : minutes.toFixed(2);
};
const fmtPercent = (p: number) => `${Number(p.toFixed(3))}%`;

/** The credit owed for one month, from the outage's intervals alone. */
export function creditForMonth(
  sla: Sla,
  intervals: readonly Interval[],
  month: string,
  now: Date,
): MonthCredit {
  const monthMs = nextMonthStart(month).getTime() - monthStart(month).getTime();
  const downtimeMs = downtimeInMonth(intervals, month, now);
  const uptimePercent = 100 * (1 - downtimeMs / monthMs);
  const tier = sla.creditTiers
    .filter((t) => uptimeBelow(downtimeMs, monthMs, t.belowPercent))
    .sort((a, b) => b.creditPercent - a.creditPercent)[0];
  const creditCents = tier ? Math.round((sla.monthlyFeeCents * tier.creditPercent) / 100) : 0;
  const minutesInMonth = monthMs / MINUTE;
  const targetMet = !uptimeBelow(downtimeMs, monthMs, sla.uptimeTarget);
  const arithmetic = [
    `${monthName(month)} has ${monthMs / 86_400_000} days = ${fmtMinutes(monthMs)} minutes.`,
    `Downtime in ${monthName(month)}: ${fmtMinutes(downtimeMs)} minutes.`,
    `Uptime = 1 − ${fmtMinutes(downtimeMs)} / ${fmtMinutes(monthMs)} = ${fmtPercent(uptimePercent)} (target ${fmtPercent(sla.uptimeTarget)}: ${targetMet ? 'met' : 'missed'}).`,
    tier
      ? `Below ${fmtPercent(tier.belowPercent)} the credit is ${tier.creditPercent}% of the monthly fee: ${tier.creditPercent}% × ${formatMoney(sla.monthlyFeeCents)} = ${formatMoney(creditCents)}.`
      : sla.creditTiers.length
        ? `No credit tier applies (the highest starts below ${fmtPercent(Math.max(...sla.creditTiers.map((t) => t.belowPercent)))}).`
        : 'The SLA has no credit tiers.',
  ];
  return {
    month,
    minutesInMonth,
    downtimeMs,
    uptimePercent,
    targetPercent: sla.uptimeTarget,
    targetMet,
    tier,
    feeCents: sla.monthlyFeeCents,
    creditCents,
    arithmetic,
  };
}

/** One entry per month the outage touched (the month it opened in, at least). */
export function creditsFor(sla: Sla, intervals: readonly Interval[], now: Date): MonthCredit[] {
  return monthsOf(intervals, now).map((month) => creditForMonth(sla, intervals, month, now));
}
