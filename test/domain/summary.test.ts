// The summary from the timeline alone (issue 7): hand-built events in, facts out.

import { describe, expect, it } from 'vitest';
import { renderSummary, summarise, waitsOf } from '../../src/domain/summary.ts';
import { summaryToJson } from '../../src/domain/summary-json.ts';
import type { NewEvent, TimelineEvent } from '../../src/domain/timeline-types.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

const T = (hhmm: string, day = '01') => new Date(`2026-03-${day}T${hhmm}:00Z`);

function timeline(events: NewEvent[]): TimelineEvent[] {
  return events.map((e, i) => ({ ...e, incidentNumber: 1, seq: i + 1 }) as TimelineEvent);
}

// Opened 08:00 by Maria; Dana adds a step at 08:04; H1 to Sam is reminded at 08:14,
// escalated at 08:34 and declined at 08:40; H2 accepted at 08:50; the coordinator is
// reminded to update at 08:30 and posts at 09:00; resolved 10:00, reopened 11:00,
// resolved again 11:30.
const EVENTS = timeline([
  {
    type: 'incident.opened',
    at: T('08:00'),
    actorId: 'maria',
    payload: {
      number: 1,
      siteId: 'wanderlust-web',
      title: 'Down',
      severity: 'sev1',
      coordinatorId: 'dana',
      reporterId: 'maria',
    },
  },
  {
    type: 'participant.joined',
    at: T('08:00'),
    actorId: null,
    payload: { personId: 'maria', role: 'client' },
  },
  {
    type: 'participant.joined',
    at: T('08:00'),
    actorId: null,
    payload: { personId: 'dana', role: 'coordinator' },
  },
  { type: 'participant.joined', at: T('08:00'), actorId: null, payload: { personId: 'sam', role: 'vendor' } },
  {
    type: 'step.added',
    at: T('08:04'),
    actorId: 'dana',
    payload: { step: 1, title: 'Find the 502', ownerId: 'dana' },
  },
  {
    type: 'handoff.proposed',
    at: T('08:04'),
    actorId: 'dana',
    payload: { handoff: 1, step: 1, fromId: 'dana', toId: 'sam', note: 'Disk full' },
  },
  { type: 'handoff.reminded', at: T('08:14'), actorId: null, payload: { handoff: 1, step: 1, toId: 'sam' } },
  { type: 'update.reminded', at: T('08:30'), actorId: null, payload: { coordinatorId: 'dana' } },
  {
    type: 'handoff.escalated',
    at: T('08:34'),
    actorId: null,
    payload: { handoff: 1, step: 1, coordinatorId: 'dana' },
  },
  {
    type: 'handoff.declined',
    at: T('08:40'),
    actorId: 'sam',
    payload: { handoff: 1, step: 1, reason: 'App logs' },
  },
  {
    type: 'handoff.proposed',
    at: T('08:40'),
    actorId: 'dana',
    payload: { handoff: 2, step: 1, fromId: 'dana', toId: 'sam', note: 'Logs off; binlogs grow' },
  },
  {
    type: 'handoff.accepted',
    at: T('08:50'),
    actorId: 'sam',
    payload: { handoff: 2, step: 1, fromId: 'dana', toId: 'sam' },
  },
  { type: 'update.posted', at: T('09:00'), actorId: 'dana', payload: { text: 'Back soon' } },
  { type: 'step.done', at: T('09:40'), actorId: 'sam', payload: { step: 1 } },
  { type: 'incident.resolved', at: T('10:00'), actorId: 'dana', payload: { summary: 'Binlogs' } },
  { type: 'incident.reopened', at: T('11:00'), actorId: 'maria', payload: { reason: 'Down again' } },
  { type: 'incident.resolved', at: T('11:30'), actorId: 'dana', payload: { summary: 'Really fixed' } },
]);

describe('summarise', () => {
  const s = summarise(EVENTS);

  it('computes the owners of each step and how long each held it', () => {
    expect(s.steps).toHaveLength(1);
    expect(s.steps[0]!.holdings).toEqual([
      { ownerId: 'dana', from: T('08:04'), to: T('08:50') },
      { ownerId: 'sam', from: T('08:50'), to: T('09:40') },
    ]);
    expect(s.firstResponse).toEqual({ at: T('08:04'), actorId: 'dana' });
  });

  it('keeps every handoff with note, outcome, reminders and escalations', () => {
    expect(s.handoffs.map((h) => [h.handoff, h.note, h.outcome?.status, h.outcome?.reason])).toEqual([
      [1, 'Disk full', 'declined', 'App logs'],
      [2, 'Logs off; binlogs grow', 'accepted', undefined],
    ]);
    expect(s.handoffs[0]!.remindedAt).toEqual([T('08:14')]);
    expect(s.handoffs[0]!.escalatedAt).toEqual([T('08:34')]);
    expect(s.chases.map((c) => [c.kind, c.personId])).toEqual([
      ['handoff.reminded', 'sam'],
      ['update.reminded', 'dana'],
      ['handoff.escalated', 'dana'],
    ]);
  });

  it('counts downtime from opening to resolving, and again from the reopen', () => {
    expect(s.downtime).toEqual([
      { from: T('08:00'), to: T('10:00') },
      { from: T('11:00'), to: T('11:30') },
    ]);
    expect(s.resolvedAt).toEqual(T('11:30'));
  });

  it('says who waited on whom: Dana on Sam, 36 + 10 minutes', () => {
    expect(waitsOf(s, T('12:00'))).toEqual([
      { waiterId: 'dana', waitedOnId: 'sam', totalMs: 46 * 60_000, handoffs: [1, 2], ongoing: false },
    ]);
  });

  it('renders every section as Markdown, with the credit worked out', () => {
    const text = renderSummary(EVENTS, testWorld(), T('12:00'));
    for (const line of [
      '**Summary of INC-1 · Wanderlust Travel website · "Down"**',
      'Resolved after 3 h 30 min (opened 2026-03-01 08:00 UTC, resolved 2026-03-01 11:30 UTC). Severity sev1, reported by Maria, coordinated by Dana.',
      'First response after 4 min, by Dana.',
      '1. Find the 502: Dana 46 min → Sam 50 min (done)',
      '- H1 step 1, Dana → Sam: declined after 36 min: "App logs" (reminded 1×, escalated 1×)',
      '  What Dana saw and did: "Disk full"',
      '- H2 step 1, Dana → Sam: accepted after 10 min',
      '- H1 (step 1) declined by Sam: "App logs"',
      // Counted, not listed one by one (issue 10): the timeline keeps each of them.
      '- Dana was reminded to update the client once; the longest time without an update was 1 h (2026-03-01 08:00 UTC to 2026-03-01 09:00 UTC).',
      '- Sam was reminded of 1 unanswered handoff: H1 (step 1).',
      '- 1 unanswered handoff was escalated to Dana: H1 (step 1).',
      '- 2026-03-01 09:00 UTC, Dana: "Back soon"',
      '- Dana waited on Sam for 46 min (H1, H2)',
      // The resolutions and the reopening in order (issue 10), no longer a lone "Reopened" line.
      '- 2026-03-01 10:00 UTC: resolved by Dana: "Binlogs"',
      '- 2026-03-01 11:00 UTC: reopened by Maria: "Down again"',
      '- 2026-03-01 11:30 UTC: resolved by Dana: "Really fixed"',
      'Down for 2 h 30 min in total, in 2 periods: it was reopened once.',
      // 150 minutes down in March: 1 − 150/44,640 = 99.664 % < 99.9 → 10 % of $450.
      "Under Wanderlust Travel's SLA, this outage earns a credit of $45.00: offer it before they ask.",
      '- Uptime = 1 − 150 / 44,640 = 99.664% (target 99.9%: missed).',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('says plainly when an outage earns no credit (Acme has no tiers)', () => {
    const acme = EVENTS.map((e) =>
      e.type === 'incident.opened' ? { ...e, payload: { ...e.payload, siteId: 'acme-shop' } } : e,
    );
    const text = renderSummary(acme, testWorld(), T('12:00'));
    expect(text).toContain(
      "Under Acme Bakery's SLA, this outage earns no credit: uptime for March 2026 stays at 99.664%, above every credit tier.",
    );
  });

  it('serialises to JSON with durations and the credit', () => {
    const json = JSON.parse(JSON.stringify(summaryToJson(s, testWorld(), T('12:00'))));
    expect(json.durationMs).toBe(210 * 60_000);
    expect(json.handoffs[0]).toMatchObject({
      outcome: 'declined',
      acknowledgedAfterMs: 36 * 60_000,
      reason: 'App logs',
    });
    expect(json.steps[0].owners.map((o: { name: string; heldMs: number }) => [o.name, o.heldMs])).toEqual([
      ['Dana', 46 * 60_000],
      ['Sam', 50 * 60_000],
    ]);
    expect(json.credit.totalCents).toBe(4_500);
  });
});

describe('reminders in the summary: counted, with the longest time the client went without news', () => {
  const at = (day: string, hhmm: string) => T(hhmm, day);
  const remind = (when: Date): NewEvent => ({
    type: 'update.reminded',
    at: when,
    actorId: null,
    payload: { coordinatorId: 'dana' },
  });
  const update = (when: Date, text: string): NewEvent => ({
    type: 'update.posted',
    at: when,
    actorId: 'dana',
    payload: { text },
  });
  const handoffChase = (when: Date, kind: 'reminded' | 'escalated', handoff: number, step: number) =>
    (kind === 'reminded'
      ? { type: 'handoff.reminded', at: when, actorId: null, payload: { handoff, step, toId: 'sam' } }
      : {
          type: 'handoff.escalated',
          at: when,
          actorId: null,
          payload: { handoff, step, coordinatorId: 'dana' },
        }) as NewEvent;

  // Opened on the 1st at 08:00; updates at 12:00 and, after a long silence, on the 2nd at
  // 05:00; resolved at 06:00; reopened at 20:00 and still open. Eight update reminders.
  const OUTAGE: NewEvent[] = [
    EVENTS[0]!,
    ...['08:30', '09:30', '11:30'].map((hhmm) => remind(at('01', hhmm))),
    update(at('01', '12:00'), 'Working on it'),
    ...['12:30', '13:30', '15:30', '19:30'].map((hhmm) => remind(at('01', hhmm))),
    handoffChase(at('01', '20:00'), 'reminded', 1, 1),
    handoffChase(at('01', '20:20'), 'escalated', 1, 1),
    handoffChase(at('01', '21:00'), 'reminded', 2, 1),
    handoffChase(at('01', '22:00'), 'reminded', 3, 2),
    handoffChase(at('01', '22:20'), 'escalated', 3, 2),
    remind(at('02', '03:30')),
    update(at('02', '05:00'), 'Nearly there'),
    { type: 'incident.resolved', at: at('02', '06:00'), actorId: 'dana', payload: { summary: 'Fixed' } },
    { type: 'incident.reopened', at: at('02', '20:00'), actorId: 'maria', payload: { reason: 'Down again' } },
  ];
  const reminderLines = (events: NewEvent[], now: Date) => {
    const text = renderSummary(timeline(events), testWorld(), now);
    const lines = text.split('\n');
    const from = lines.indexOf('**Reminders and escalations**');
    return lines.slice(from + 1, lines.indexOf('', from));
  };

  it('gives one line per kind and person instead of one per reminder', () => {
    // 17 h from the update at 12:00 to the next at 05:00 is the longest: the 14 h while the
    // incident was resolved (06:00 to 20:00) do not count, and 12 h since the reopening is less.
    expect(reminderLines(OUTAGE, at('03', '08:00'))).toEqual([
      '- Dana was reminded to update the client 8 times; the longest time without an update was 17 h (2026-03-01 12:00 UTC to 2026-03-02 05:00 UTC).',
      '- Sam was reminded of 3 unanswered handoffs: H1 (step 1), H2 (step 1), H3 (step 2).',
      '- 2 unanswered handoffs were escalated to Dana: H1 (step 1), H3 (step 2).',
    ]);
  });

  it('counts the silence still running while the incident is open', () => {
    expect(reminderLines(OUTAGE, at('03', '14:00'))[0]).toBe(
      '- Dana was reminded to update the client 8 times; the longest time without an update is 18 h and counting (since 2026-03-02 20:00 UTC).',
    );
  });

  it('ends the last silence at the resolution, which tells everyone', () => {
    const resolved: NewEvent[] = [
      ...OUTAGE.slice(0, 4),
      { type: 'incident.resolved', at: at('01', '13:00'), actorId: 'dana', payload: { summary: 'Fixed' } },
    ];
    expect(reminderLines(resolved, at('03', '08:00'))).toEqual([
      '- Dana was reminded to update the client 3 times; the longest time without an update was 5 h (2026-03-01 08:00 UTC to 2026-03-01 13:00 UTC).',
    ]);
  });

  it('says "twice" and "once", and "none needed" when nobody was chased', () => {
    expect(reminderLines(OUTAGE.slice(0, 3), at('01', '10:00'))[0]).toMatch(
      /^- Dana was reminded to update the client twice; the longest time without an update is 2 h and counting/,
    );
    expect(reminderLines([EVENTS[0]!], at('01', '08:20'))).toEqual(['(none needed)']);
  });

  it('gives the same facts in JSON: counts, the longest silence and each time', () => {
    const json = JSON.parse(
      JSON.stringify(summaryToJson(summarise(timeline(OUTAGE)), testWorld(), at('03', '08:00'))),
    );
    expect(json.reminders.clientUpdates).toEqual({
      count: 8,
      people: [{ id: 'dana', name: 'Dana' }],
      at: [
        ...['08:30', '09:30', '11:30', '12:30', '13:30', '15:30', '19:30'].map((hhmm) =>
          at('01', hhmm).toISOString(),
        ),
        at('02', '03:30').toISOString(),
      ],
      longestWithoutUpdate: {
        from: at('01', '12:00').toISOString(),
        to: at('02', '05:00').toISOString(),
        ms: 17 * 3_600_000,
        ongoing: false,
      },
    });
    expect(json.reminders.handoffs).toHaveLength(5);
    expect(json.reminders.handoffs[1]).toEqual({
      kind: 'handoff.escalated',
      at: at('01', '20:20').toISOString(),
      person: { id: 'dana', name: 'Dana' },
      handoff: 1,
      step: 1,
    });
    expect(json).not.toHaveProperty('chases');
  });
});

describe('rebuilt from the stored events alone', () => {
  it('gives the same summary as the app, from a JSON copy of the timeline', async () => {
    const h = await createHarness(createMemoryStore(), testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    h.clock.advance(5 * 60_000);
    await h.as('dana', '/incident step add Check the server', 1);
    await h.as('dana', '/incident handoff 1 @Sam Disk full', 1);
    h.clock.advance(12 * 60_000);
    await h.as('sam', '/incident accept H1', 1);
    const fromApp = (await h.as('dana', '/incident summary', 1)).text;
    const stored = await h.deps.store.transaction((tx) => tx.timeline(1));
    const copy = JSON.parse(JSON.stringify(stored), (key, value) =>
      key === 'at' ? new Date(value as string) : value,
    ) as TimelineEvent[];
    expect(renderSummary(copy, testWorld(), h.clock.now())).toBe(fromApp);
    expect(fromApp).toContain('1. Check the server: Dana 12 min → Sam 0 s');
  });
});

describe('who sees the credit advice', () => {
  it('shows it to the provider in chat and leaves it out for a client contact and a vendor', async () => {
    const h = await createHarness(createMemoryStore(), testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    h.clock.advance(90 * 60_000);
    const forDana = (await h.as('dana', '/incident summary', 1)).text;
    const forMaria = (await h.as('maria', '/incident summary', 1)).text;
    expect(forDana).toContain(
      "Under Wanderlust Travel's SLA, this outage has earned a credit of $45.00 so far: offer it before they ask.",
    );
    expect(forMaria).not.toContain('Service credit');
    expect(forMaria).toContain('Open for 1 h 30 min');
    // The vendor works the incident but must not read the client's fee.
    const forSam = (await h.as('sam', '/incident summary', 1)).text;
    expect(forSam).not.toContain('Service credit');
    expect(forSam).not.toContain('$');
  });
});
