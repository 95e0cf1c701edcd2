// Issue 10 §6 through the console on a real database (PGlite): control characters,
// numbers past the database's range, and the console's own /as, /room and /clock.

import { beforeAll, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/domain/timeline-types.ts';
import { runScript } from './console-story.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const script = [
  '/clock 2026-03-02T08:00Z',
  '/as',
  '/as Maria',
  '/incident open wanderlust-web sev1 The booking site\u0000 is down',
  `/incident open wanderlust-web sev1 ${ESC}]0;pwned${BEL}Site down ${ESC}[2J`,
  '/incident open wanderlust-web sev1 The booking site shows a 502 error',
  '/incident INC-99999999999 status',
  '/as Dana',
  '/incident step add Check the web server',
  '/incident step done 99999999999',
  '/incident accept H99999999999',
  `That's a server issue, not mine ${ESC}[2J${ESC}]0;pwned${BEL}`,
  '/room INC-9',
  '/room INC-99999999999',
  '/incident status',
  '/wait 10m',
  '/clock 2026-03-02T08:05Z',
  '/as Otto',
  '/room INC-1',
  '/as Dana',
  '/incident update We are looking into it.',
].join('\n');

let transcript: string;
let timeline: TimelineEvent[];

beforeAll(async () => {
  ({ transcript, timeline } = await runScript(script, 'pglite-temp'));
}, 60_000);

describe('the console with bad input, on PGlite', () => {
  it('never prints a control character, nor goes wrong on our side', () => {
    expect(transcript).not.toMatch(CONTROL);
    expect(transcript).not.toContain('Something went wrong');
  });

  it('refuses control characters in a description by name', () => {
    expect(transcript.split("Descriptions can't contain control characters.")).toHaveLength(3);
    expect(timeline.find((e) => e.type === 'incident.opened')?.payload).toMatchObject({
      title: 'The booking site shows a 502 error',
    });
  });

  it('answers numbers past the database range as numbers that name nothing', () => {
    expect(transcript).toContain('There is no incident INC-99999999999.');
    expect(transcript).toContain('There is no step 99999999999.');
    expect(transcript).toContain('There is no handoff H99999999999.');
  });

  it('stores a room message without its escape sequences', () => {
    const texts = timeline.flatMap((e) => Object.values(e.payload).filter((v) => typeof v === 'string'));
    for (const text of texts) expect(text).not.toMatch(CONTROL);
    expect(timeline.find((e) => e.type === 'blame.flagged')?.payload).toMatchObject({
      text: "That's a server issue, not mine ",
    });
  });

  it('shows the usage of /as without a name', () => {
    expect(transcript).toContain('Usage: /as <name>, e.g. /as Dana');
    expect(transcript).not.toContain("I don't know anyone called @.");
  });

  it('refuses a room that does not exist or is not yours, and stays where it was', () => {
    expect(transcript).toContain('There is no incident INC-9.');
    expect(transcript).toContain('There is no incident INC-99999999999.');
    expect(transcript).toContain('You are not part of INC-1');
    expect(transcript).not.toContain('You are now typing in INC-9');
    // Later commands still act on INC-1.
    expect(transcript).toMatch(/Handoff → .*INC-1.*\n?.*Check the web server/);
    expect(timeline.filter((e) => e.type === 'update.posted')).toHaveLength(1);
  });

  it('refuses to move the clock backwards, saying what time it is', () => {
    expect(transcript).toContain(
      'The clock is at 2026-03-02T08:10:00Z; a script can only move it forward, not back to 2026-03-02T08:05:00Z.',
    );
    const times = timeline.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.at(-1)?.at.toISOString()).toBe('2026-03-02T08:10:00.000Z');
  });
});
