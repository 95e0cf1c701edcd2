// The "four days down" story at its real length (issue 10): the client-update reminders
// back off while nobody updates and start again after an update, and the summary counts
// them instead of listing each, so it stays short. The timeline keeps every reminder.

import { describe, expect, it } from 'vitest';
import { runStory } from './console-story.ts';

const MIN = 60_000;

describe('four days down, at its real length', () => {
  it('chases the coordinator less and less while nobody updates, and keeps the summary short', async () => {
    const { transcript, timeline } = await runStory('four-days-down-long.txt', 'pglite-temp');

    // Every reminder is on the timeline, spaced 30 min, 1 h, 2 h, 4 h, then 8 h after the
    // update that came before; each update starts the spacing again.
    const reminders = timeline.filter((e) => e.type === 'update.reminded');
    expect(reminders).toHaveLength(17);
    const waits: number[] = [];
    let since: Date | undefined;
    for (const e of timeline) {
      if (e.type === 'update.reminded' && since) waits.push((e.at.getTime() - since.getTime()) / MIN);
      if (e.type === 'update.reminded' || e.type === 'update.posted') since = e.at;
    }
    const backoff = [30, 60, 120, 240, 480, 480, 480, 480];
    expect(waits).toEqual([...backoff, ...backoff, 480]);
    expect(transcript.split('time for a client update on INC-1').length - 1).toBe(17);

    // The summary says it once, with the longest silence: from the update after Sam took
    // the step (4 March 04:25) to the one with the fix (6 March 08:25).
    const summary = transcript.slice(transcript.lastIndexOf('Summary of INC-1'));
    expect(summary).toContain(
      'Resolved after 4 d (opened 2026-03-02 08:00 GMT, resolved 2026-03-06 08:25 GMT).',
    );
    expect(summary).toContain(
      '- Dana was reminded to update the client 17 times; the longest time without an update was 2 d 4 h (2026-03-04 04:25 GMT to 2026-03-06 08:25 GMT).',
    );
    expect(summary).toContain('- Sam was reminded of 2 unanswered handoffs: H1 (step 1), H2 (step 1).');
    expect(summary).toContain('- 1 unanswered handoff was escalated to Dana: H2 (step 1).');
    expect(summary).not.toMatch(/reminded Dana to update the client/);
    const lines = summary.split('\n').length;
    expect(lines).toBeLessThan(60);
  });
});
