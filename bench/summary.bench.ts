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
 * Median and mean of `rounds` renders, in ms, taking the incidents in turn. The median of a
 * small render leaves out the garbage collections it causes, which fall on some renders
 * only; the mean spreads them.
 */
function measure(incidents: TimelineEvent[][], rounds: number): { median: number; mean: number } {
  const directory = testWorld();
  const now = new Date(T0 + 30 * 86_400_000);
  for (const events of incidents) renderSummary(events, directory, now); // warm-up
  for (let i = 0; i < 3; i++) renderSummary(incidents[0]!, directory, now);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const events = incidents[i % incidents.length]!;
    const start = performance.now();
    renderSummary(events, directory, now);
    times.push(performance.now() - start);
  }
  const mean = times.reduce((sum, t) => sum + t, 0) / rounds;
  return { median: times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!, mean };
}

/**
 * The baseline renders ten incidents of 1,000 events in turn, as many events as the large
 * one: rendering the same 1,000 events again and again reads them, and writes a 50 kB
 * Markdown, from the CPU's caches, which 10,000 events (and 500 kB) do not fit. It is
 * measured after the large render, so that both run on code V8 has optimised: measured
 * first, after three warm-up renders, it took 2.0–2.5 ms, against 1.6–1.7 ms after (four
 * runs each, 2026-12-05), which made the ratio look linear (8.2–10.4×) when it was not
 * (12.3–13.3×). The fold alone, V8's young generation at 64 MB so that no collection
 * interferes, four rounds of 21: 10,000 events 3.7–4.3 ms, ten incidents of 1,000 in turn
 * 3.4–3.5 ms, the same 1,000 events ten times 2.7 ms. The same-incident figure is printed
 * too, without a target: how much a render gains from the caches.
 */
export async function run(report: Report): Promise<void> {
  const big = measure([timeline(10_000)], 21);
  const base = measure(
    Array.from({ length: 10 }, () => timeline(1_000)),
    50,
  );
  const hot = measure([timeline(1_000)], 51);
  // Linear growth would be a ratio of 10.
  report.ratio(
    {
      name: 'summary render p50, 10,000 events',
      value: big.median,
      unit: 'ms',
      baseline: { name: '1,000 events, 10 incidents in turn', value: base.median },
    },
    { max: 10 },
  );
  report.ratio({
    name: 'summary render mean, 10,000 events (collections included)',
    value: big.mean,
    unit: 'ms',
    baseline: { name: '1,000 events, 10 incidents in turn', value: base.mean },
  });
  report.ratio({
    name: 'summary render p50, 10,000 events, against one incident of 1,000 rendered again and again',
    value: big.median,
    unit: 'ms',
    baseline: { name: '1,000 events, the same incident', value: hot.median },
  });
}
