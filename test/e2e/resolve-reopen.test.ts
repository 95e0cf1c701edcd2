// Resolve → reopen → resolve through the console (issue 10, item 5): the severity
// command, the reply that names what was left open, and a summary that keeps every
// resolution and reopening in order.

import { describe, expect, it } from 'vitest';
import { runStory } from './console-story.ts';

describe('resolved too early, reopened, resolved again, in a console script', () => {
  it('keeps the whole lifecycle and says what was left open', async () => {
    const { transcript, timeline } = await runStory('resolve-reopen.txt', 'pglite-temp');

    // Severity: the coordinator's alone; the same value again changes nothing.
    expect(transcript).toContain(
      'Handoff → Maria (only you): Only the coordinator, Dana, can change the severity on INC-1.',
    );
    expect(transcript).toContain(
      'Handoff → Dana (only you): INC-1 is now sev1 (was sev2). Everyone has been told.',
    );
    expect(transcript).toContain('Handoff → Sam: Sam, Dana raised INC-1 to sev1 (was sev2).');
    expect(transcript).toContain('Handoff → Dana (only you): INC-1 is already sev1; nothing changed.');
    expect(timeline.filter((e) => e.type === 'incident.severity_changed')).toHaveLength(1);

    // The first resolution names what was still open, to the coordinator and in the summary.
    expect(transcript).toContain(
      "INC-1 is resolved. Everyone has been told. Resolved with step 1 still open (Sam's), H2 to Jonas unanswered (closed on resolve).",
    );
    // A transcript is not a terminal: the summary's Markdown reads as plain words (issue 15).
    expect(transcript).not.toMatch(/\*\*|^\s*#/m);
    const summary = transcript.slice(transcript.lastIndexOf('Summary of INC-1'));
    const lines = summary.split('\n').map((l) => l.replace(/^\s{8}/, ''));
    const at = lines.indexOf('Lifecycle');
    expect(lines.slice(at + 1, at + 7)).toEqual([
      '- 2026-03-05 08:00 GMT: opened by Maria (sev2)',
      '- 2026-03-05 08:00 GMT: severity raised from sev2 to sev1 by Dana',
      '- 2026-03-05 10:00 GMT: resolved by Dana: "The database was restarted; pages load in a second again."',
      "  Resolved with step 1 still open (Sam's), H2 to Jonas unanswered (closed on resolve).",
      '- 2026-03-05 10:45 GMT: reopened by Maria: "The booking page is slow again."',
      '- 2026-03-05 12:15 GMT: resolved by Dana: "A missing index was added; pages load in a second."',
    ]);
    expect(summary).toContain('Down for 3 h 30 min in total, in 2 periods: it was reopened once.');
    expect(summary).toContain('Severity sev1,');
    expect(summary).not.toContain('Resolution:');

    const resolutions = timeline.filter((e) => e.type === 'incident.resolved').map((e) => e.payload);
    expect(resolutions).toEqual([
      {
        summary: 'The database was restarted; pages load in a second again.',
        openSteps: [1],
        unansweredHandoffs: [2],
      },
      {
        summary: 'A missing index was added; pages load in a second.',
        openSteps: [],
        unansweredHandoffs: [],
      },
    ]);
  });
});
