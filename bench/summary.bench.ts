// Time to render the summary (Markdown, with credits) of an incident with 10,000
// timeline events, against the 1,000-event render measured in the same run: the ratio
// shows whether the fold stays linear (about 10×) as timelines grow. Under the small heap
// (src/bin/small-heap.mjs, as Handoff runs) the large render pays for the young generation's
// 1 MB: about 27 against 17 ms with V8's own young generation (three runs each, 2026-12-02),
// whose mean ratios were 5.9–8.7×: the fold is linear, the collections are not.

import type { Report } from './report.ts';
import { renderSummary } from '../src/domain/summary.ts';
import type { NewEvent, TimelineEvent } from '../src/domain/timeline-types.ts';
import { testWorld } from '../test/support/world.ts';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const PEOPLE = ['dana', 'sam', 'priya'];

/** A busy incident: steps handed around, declines, reminders, updates; `size` events. */
function timeline(size: number): TimelineEvent[] {
  const events: NewEvent[] = [
    {
      type: 'incident.opened',
      at: new Date(T0),
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
  ];
  const owner = new Map<number, string>();
  let handoff = 0;
  for (let i = 1; events.length < size; i++) {
    const at = new Date(T0 + i * 60_000);
    const step = (i % 50) + 1;
    if (!owner.has(step)) {
      owner.set(step, 'dana');
      events.push({
        type: 'step.added',
        at,
        actorId: 'dana',
        payload: { step, title: `Step ${step}`, ownerId: 'dana' },
      });
      continue;
    }
    const from = owner.get(step)!;
    const to = PEOPLE[(PEOPLE.indexOf(from) + 1) % PEOPLE.length]!;
    handoff++;
    events.push({
      type: 'handoff.proposed',
      at,
      actorId: from,
      payload: { handoff, step, fromId: from, toId: to, note: `note ${handoff}` },
    });
    events.push({ type: 'handoff.reminded', at, actorId: null, payload: { handoff, step, toId: to } });
    if (handoff % 3 === 0) {
      events.push({
        type: 'handoff.declined',
        at,
        actorId: to,
        payload: { handoff, step, reason: 'not mine' },
      });
    } else {
      events.push({
        type: 'handoff.accepted',
        at,
        actorId: to,
        payload: { handoff, step, fromId: from, toId: to },
      });
      owner.set(step, to);
    }
    if (i % 10 === 0)
      events.push({ type: 'update.posted', at, actorId: 'dana', payload: { text: `update ${i}` } });
  }
  return events.slice(0, size).map((e, i) => ({ ...e, incidentNumber: 1, seq: i + 1 }) as TimelineEvent);
}

/**
 * Median and mean of `rounds` renders, in ms. The median of a small render leaves out the
 * garbage collections it causes, which fall on some renders only; the mean spreads them.
 */
function measure(events: TimelineEvent[], rounds: number): { median: number; mean: number } {
  const directory = testWorld();
  const now = new Date(T0 + 30 * 86_400_000);
  for (let i = 0; i < 3; i++) renderSummary(events, directory, now); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    renderSummary(events, directory, now);
    times.push(performance.now() - start);
  }
  const mean = times.reduce((sum, t) => sum + t, 0) / rounds;
  return { median: times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!, mean };
}

export async function run(report: Report): Promise<void> {
  const base = measure(timeline(1_000), 51);
  const big = measure(timeline(10_000), 21);
  // Linear growth would be a ratio of 10.
  report.ratio(
    {
      name: 'summary render p50, 10,000 events',
      value: big.median,
      unit: 'ms',
      baseline: { name: '1,000 events', value: base.median },
    },
    { max: 10 },
  );
  report.ratio({
    name: 'summary render mean, 10,000 events (collections included)',
    value: big.mean,
    unit: 'ms',
    baseline: { name: '1,000 events', value: base.mean },
  });
}
