import { describe, expect, it } from 'vitest';
import { record } from '../../src/domain/evolve.ts';
import { decideResolve } from '../../src/domain/lifecycle.ts';
import { decideOpen } from '../../src/domain/open-incident.ts';
import { renderSummary } from '../../src/domain/summary.ts';
import { summarise } from '../../src/domain/summary.ts';
import { formatClock, formatStamp, isTimeZone, timeZoneOf } from '../../src/domain/time-zone.ts';
import { renderSwimlane } from '../../src/web/swimlane.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

describe('times in the provider’s zone', () => {
  const winter = new Date('2026-03-02T08:15:00Z');
  const summer = new Date('2026-07-02T08:15:00Z');

  it('names the zone, and follows daylight saving', () => {
    expect(formatStamp(winter, 'UTC')).toBe('2026-03-02 08:15 UTC');
    expect(formatStamp(winter, 'Europe/London')).toBe('2026-03-02 08:15 GMT');
    expect(formatStamp(summer, 'Europe/London')).toBe('2026-07-02 09:15 BST');
    expect(formatStamp(winter, 'Europe/Berlin')).toBe('2026-03-02 09:15 CET');
    expect(formatClock(summer, 'Europe/Berlin')).toBe('10:15');
  });

  it('answers each zone and minute for itself, asked again and again (answers are kept per minute)', () => {
    // The last minute before London's clocks go forward, and the first after.
    const before = new Date('2026-03-29T00:59:30Z');
    const after = new Date('2026-03-29T01:00:00Z');
    for (let round = 0; round < 3; round++) {
      expect(formatStamp(before, 'Europe/London')).toBe('2026-03-29 00:59 GMT');
      expect(formatStamp(after, 'Europe/London')).toBe('2026-03-29 02:00 BST');
      expect(formatStamp(before, 'Europe/Berlin')).toBe('2026-03-29 01:59 CET');
      expect(formatStamp(after, 'Europe/Berlin')).toBe('2026-03-29 03:00 CEST');
      // Seconds within a minute share its answer.
      expect(formatStamp(new Date('2026-03-29T00:59:00Z'), 'Europe/London')).toBe('2026-03-29 00:59 GMT');
    }
  });

  it('uses the IANA name where the zone has no short name, and moves the date', () => {
    expect(formatStamp(new Date('2026-03-02T23:30:00Z'), 'Asia/Kolkata')).toMatch(
      /^2026-03-03 05:00 (IST|Asia\/Kolkata)$/,
    );
    expect(formatStamp(winter, 'America/Sao_Paulo')).toBe('2026-03-02 05:15 America/Sao_Paulo');
  });

  it('knows IANA names and takes the provider’s zone from the directory, UTC by default', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    const world = testWorld();
    expect(timeZoneOf(world)).toBe('UTC');
    world.organisations = world.organisations.map((o) =>
      o.kind === 'provider' ? { ...o, timezone: 'Europe/Berlin' } : o,
    );
    expect(timeZoneOf(world)).toBe('Europe/Berlin');
  });

  it('knows UTC and aliases too, and refuses a name with spaces around it', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Etc/UTC')).toBe(true);
    expect(isTimeZone('US/Pacific')).toBe(true);
    expect(isTimeZone(' Europe/London')).toBe(false);
    expect(isTimeZone('Europe/London ')).toBe(false);
  });

  it('checks a canonical name without building a formatter (the first one costs a process ~8 MB)', () => {
    const original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = new Proxy(original, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        built++;
        return new target(...args);
      },
    });
    try {
      expect(isTimeZone('Europe/London')).toBe(true);
      expect(isTimeZone('America/New_York')).toBe(true);
      expect(built).toBe(0);
      expect(isTimeZone('Mars/Olympus')).toBe(false);
      expect(built).toBe(1); // not in the list: asked of a formatter, as every name was before
    } finally {
      Intl.DateTimeFormat = original;
    }
  });
});

describe('the summary and the swimlane in the provider’s zone', () => {
  const world = testWorld();
  world.organisations = world.organisations.map((o) =>
    o.kind === 'provider' ? { ...o, timezone: 'Europe/Berlin' } : o,
  );
  const opened = record(
    null,
    1,
    decideOpen(
      { directory: world, actorId: 'maria', now: T0 },
      { number: 1, siteId: 'wanderlust-web', title: 'down', severity: 'sev1' },
    ),
  );
  const resolvedAt = minutesAfter(T0, 90);
  const events = [
    ...opened.events,
    ...record(
      opened.incident,
      1,
      decideResolve({ directory: world, actorId: 'dana', now: resolvedAt }, opened.incident, 'Fixed'),
    ).events,
  ];

  it('shows every absolute time of the summary in the zone, named', () => {
    const md = renderSummary(events, world, resolvedAt);
    expect(md).toContain('(opened 2026-03-01 09:00 CET, resolved 2026-03-01 10:30 CET)');
    expect(md).not.toContain('UTC');
  });

  it('labels the swimlane axis in the zone', () => {
    const svg = renderSwimlane({
      summary: summarise(events),
      name: (id) => id,
      now: resolvedAt,
      timeZone: 'Europe/Berlin',
    });
    expect(svg).toContain('>09:00</text>');
    expect(svg).not.toContain('>08:00</text>');
  });
});

describe('the time axis in the provider’s zone', () => {
  it('puts day ticks at local midnight and hour ticks on the local hour, even at a half-hour offset', async () => {
    const { niceTicks } = await import('../../src/web/time-axis.ts');
    const start = Date.parse('2026-03-01T12:00:00Z');
    const days = niceTicks(start, start + 5 * 86_400_000, 'America/New_York');
    expect(days[0]).toEqual({ at: Date.parse('2026-03-02T05:00:00Z'), label: '02.03.' });
    const hours = niceTicks(start, start + 6 * 3_600_000, 'Asia/Kolkata');
    expect(hours.every((t) => t.label.endsWith(':00'))).toBe(true);
    expect(hours[0]!.at).toBe(Date.parse('2026-03-01T12:30:00Z'));
  });
});
