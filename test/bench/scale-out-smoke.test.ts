// The scale-out bench at a tiny size: 1, then 2 Handoff processes behind the round-robin
// proxy on one PostgreSQL and Redis. Proves it measures real work (acks with status 200, the
// bot's right answers at response_url, requests reaching both processes) and counts
// duplicates from deliveries that really arrived at the fake Slack. No timing is asserted.

import { describe, expect, it } from 'vitest';
import { measureScaleOut } from '../../bench/scale-out.bench.ts';
import { serverSuite } from '../support/servers.ts';

const up =
  (await serverSuite('PostgreSQL', 'Scale-out bench smoke')) &&
  (await serverSuite('Redis', 'Scale-out bench smoke'));

describe.skipIf(!up)('the scale-out bench at a tiny size', () => {
  it('drives 1 and 2 processes and counts real deliveries', { timeout: 300_000 }, async () => {
    const runs = await measureScaleOut({ users: 2, warmSeconds: 1, seconds: 2 });
    expect(runs.map((r) => r.processes)).toEqual([1, 2]);
    for (const run of runs) {
      expect(run.failures).toEqual([]);
      expect(run.completed).toBeGreaterThan(0);
      expect(run.acks).toHaveLength(run.completed);
      // The bot's own words for each command of the cycle (numbers blanked).
      expect(run.sampleAnswers).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^INC-N · Bench site N · sevN · open for/),
          "Offered step N to Sam (HN). It stays yours until Sam accepts; I'll chase Sam if there is no answer.",
          'You accepted HN: step N ("Check the web server") is yours now. Dana has been told.',
        ]),
      );
      const d = run.duplicates;
      expect(d.posted).toBeGreaterThan(0);
      expect(d.deliveriesChecked).toBeGreaterThan(d.posted);
      expect(d.actionsChecked).toBeGreaterThan(0);
      expect({
        duplicates: d.deliveryDuplicates + d.actionDuplicates,
        missing: d.missing,
        unsent: d.unsent,
      }).toEqual({ duplicates: 0, missing: 0, unsent: 0 });
    }
    const two = runs[1]!;
    expect(two.proxied).toHaveLength(2);
    for (const count of two.proxied) expect(count).toBeGreaterThan(0);
    // The unanswered handoff (INC-2's) was reminded and escalated by the timers.
    expect(two.duplicates.reminders).toBeGreaterThanOrEqual(2);
  });
});
