// Timers through the console (issue 4): /wait moves the clock through each due deadline,
// so a script shows the reminder, the escalation and the update reminder when they come.

import { describe, expect, it } from 'vitest';
import { runStory } from './console-story.ts';

const count = (text: string, part: string) => text.split(part).length - 1;

describe('silence gets chased, in a console script', () => {
  it('reminds the addressee, escalates to the coordinator and asks for a client update, each once', async () => {
    const { transcript, timeline } = await runStory('reminders.txt', 'pglite-temp');

    const reminder =
      '[09:10] Handoff → Sam: Sam, a reminder: Dana has been waiting 10 min for your answer to H1';
    const escalation = '[09:30] Handoff → Dana: Dana, escalation: Sam has not answered H1 (step 1 of INC-1';
    const update = '[09:30] Handoff → Dana: Dana, time for a client update on INC-1';
    for (const line of [reminder, escalation, update]) {
      expect(transcript).toContain(line);
      expect(count(transcript, line.slice(8))).toBe(1);
    }
    expect(transcript).toContain('Accept: /incident accept H1   Decline: /incident decline H1 <reason>');
    // Answered and updated: the 20 minutes after bring nothing more.
    expect(count(transcript, 'a reminder:')).toBe(1);
    expect(count(transcript, 'escalation:')).toBe(1);
    expect(count(transcript, 'time for a client update')).toBe(1);

    const chased = timeline.filter((e) => e.actorId === null).map((e) => [e.type, e.at.toISOString()]);
    expect(chased).toEqual([
      ['handoff.reminded', '2026-03-03T09:10:00.000Z'],
      ['handoff.escalated', '2026-03-03T09:30:00.000Z'],
      ['update.reminded', '2026-03-03T09:30:00.000Z'],
    ]);
    expect(timeline.find((e) => e.type === 'handoff.escalated')?.payload).toEqual({
      handoff: 1,
      step: 1,
      coordinatorId: 'dana',
    });
  });
});
