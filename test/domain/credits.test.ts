// Service-credit arithmetic with hand-checked numbers (issue 7).

import { describe, expect, it } from 'vitest';
import {
  creditForMonth,
  creditsFor,
  downtimeInMonth,
  formatMoney,
  monthName,
  monthsOf,
} from '../../src/domain/credits.ts';
import type { Sla } from '../../src/domain/directory.ts';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const NOW = at('2026-06-01T00:00:00Z');

// Wanderlust's main site: $450 a month, 99.9 % target, 10 % below 99.9, 25 % below 99, 50 % below 95.
const SLA: Sla = {
  monthlyFeeCents: 45_000,
  uptimeTarget: 99.9,
  creditTiers: [
    { belowPercent: 99.9, creditPercent: 10 },
    { belowPercent: 99, creditPercent: 25 },
    { belowPercent: 95, creditPercent: 50 },
  ],
};

describe('downtime and uptime', () => {
  it('counts a 155-minute outage in March: 1 − 155/44,640 = 99.653 %, a 10 % credit of $45.00', () => {
    const outage = [{ from: at('2026-03-02T08:00:00Z'), to: at('2026-03-02T10:35:00Z') }];
    const march = creditForMonth(SLA, outage, '2026-03', NOW);
    expect(march.minutesInMonth).toBe(31 * 24 * 60); // 44,640
    expect(march.downtimeMs).toBe(155 * MIN);
    expect(march.uptimePercent).toBeCloseTo(99.65277, 4);
    expect(march.targetMet).toBe(false);
    expect(march.tier).toEqual({ belowPercent: 99.9, creditPercent: 10 });
    expect(march.creditCents).toBe(4_500);
    expect(march.arithmetic).toEqual([
      'March 2026 has 31 days = 44,640 minutes.',
      'Downtime in March 2026: 155 minutes.',
      'Uptime = 1 − 155 / 44,640 = 99.653% (target 99.9%: missed).',
      'Below 99.9% the credit is 10% of the monthly fee: 10% × $450.00 = $45.00.',
    ]);
  });

  it('earns nothing for zero downtime', () => {
    const instant = [{ from: at('2026-03-02T08:00:00Z'), to: at('2026-03-02T08:00:00Z') }];
    const [march] = creditsFor(SLA, instant, NOW);
    expect(march).toMatchObject({ month: '2026-03', downtimeMs: 0, uptimePercent: 100, targetMet: true });
    expect(march!.tier).toBeUndefined();
    expect(march!.creditCents).toBe(0);
    expect(march!.arithmetic.at(-1)).toBe('No credit tier applies (the highest starts below 99.9%).');
  });

  it('splits an outage across a month boundary and credits each month for its own part', () => {
    // 30 Apr 20:00 → 2 May 04:00: 4 h in April (30 days, 43,200 min), 28 h in May (31 days, 44,640 min).
    const outage = [{ from: at('2026-04-30T20:00:00Z'), to: at('2026-05-02T04:00:00Z') }];
    expect(monthsOf(outage, NOW)).toEqual(['2026-04', '2026-05']);
    const [april, may] = creditsFor(SLA, outage, NOW);
    // April: 240 / 43,200 = 0.5556 % down → 99.444 % up: below 99.9, not below 99 → 10 % = $45.00.
    expect(april!.downtimeMs).toBe(240 * MIN);
    expect(april!.uptimePercent).toBeCloseTo(99.4444, 3);
    expect(april!.creditCents).toBe(4_500);
    // May: 1,680 / 44,640 = 3.763 % down → 96.237 % up: below 99, not below 95 → 25 % = $112.50.
    expect(may!.downtimeMs).toBe(1_680 * MIN);
    expect(may!.uptimePercent).toBeCloseTo(96.2366, 3);
    expect(may!.creditCents).toBe(11_250);
  });

  it('treats uptime exactly at a tier threshold as not below it', () => {
    // 0.1 % of March's 44,640 minutes is 44.64 minutes = 2,678,400 ms: exactly 99.9 % up.
    const exact = [
      { from: at('2026-03-10T00:00:00Z'), to: new Date(Date.parse('2026-03-10T00:00:00Z') + 2_678_400) },
    ];
    expect(creditForMonth(SLA, exact, '2026-03', NOW).creditCents).toBe(0);
    const oneMsMore = [{ from: exact[0]!.from, to: new Date(exact[0]!.to.getTime() + 1) }];
    expect(creditForMonth(SLA, oneMsMore, '2026-03', NOW).creditCents).toBe(4_500);
  });

  it('counts overlapping intervals once and a running outage until now', () => {
    const intervals = [
      { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-01T02:00:00Z') },
      { from: at('2026-03-01T01:00:00Z'), to: at('2026-03-01T03:00:00Z') },
      { from: at('2026-03-31T23:00:00Z') },
    ];
    expect(downtimeInMonth(intervals, '2026-03', at('2026-04-01T01:00:00Z'))).toBe(4 * 60 * MIN);
    expect(downtimeInMonth(intervals, '2026-04', at('2026-04-01T01:00:00Z'))).toBe(60 * MIN);
  });

  it('formats money in dollars and cents', () => {
    expect(formatMoney(4_500)).toBe('$45.00');
    expect(formatMoney(11_250)).toBe('$112.50');
    expect(formatMoney(123_456_78)).toBe('$123,456.78');
    expect(formatMoney(0)).toBe('$0.00');
  });

  it('names months in English, January to December', () => {
    expect(monthName('2026-01')).toBe('January 2026');
    expect(monthName('2026-03')).toBe('March 2026');
    expect(monthName('2025-12')).toBe('December 2025');
  });
});
