// The coordinator offers a vendor's step to another vendor, end to end through the console
// on the embedded database: note and wait are Dana's, the step stays Sam's until Jonas
// accepts, and nobody can offer a step to themselves.

import { describe, expect, it } from 'vitest';
import { runStory } from './console-story.ts';

const NOTE = "Sam's server answers on both addresses; the AAAA record for www points at the old CDN node";

describe('the coordinator hands off a vendor’s step', () => {
  it('keeps the note’s author and the step’s owner apart from the ask to the summary', async () => {
    const { transcript, timeline } = await runStory('coordinator-reassigns.txt', 'pglite-temp');
    expect(transcript).toContain(
      "Dana, you can't offer step 1 to yourself. Only Sam can hand it to you: ask Sam to type /incident handoff 1 @Dana <what Sam saw and did>.",
    );
    expect(transcript).toContain(
      "Handoff → Dana (only you): Offered Sam's step 1 to Jonas (H2). It stays with Sam until Jonas accepts",
    );
    expect(transcript).toContain(
      "Handoff → Jonas: Jonas, Dana, the coordinator, offers you Sam's step 1 of INC-1",
    );
    expect(transcript).toContain(`What Dana saw and did: ${NOTE}`);
    expect(transcript).toContain('Handoff → Sam: Sam, Dana offered your step 1 of INC-1 to Jonas (H2)');
    expect(transcript).toContain('H2: step 1 offered by Dana to Jonas');
    expect(transcript).toContain('so Sam still owns it');
    expect(transcript).toContain(
      "Jonas, a reminder: Dana has been waiting 10 min for your answer to H2, Sam's step 1",
    );
    const summary = transcript.slice(transcript.lastIndexOf('Summary of INC-1'));
    expect(summary).toContain('- H2 step 1, Sam → Jonas, offered by Dana: accepted after 12 min');
    expect(summary).toContain(`  What Dana saw and did: "${NOTE}`);
    expect(summary).toContain('- Dana waited on Jonas for 12 min (H2)');
    expect(summary).toContain('Dana 0 s → Sam 32 min → Jonas 30 min (done)');
    expect(transcript).not.toMatch(/What Sam saw and did: Sam's server/);
    expect(transcript).not.toContain('Sam waited on Jonas');
    const proposed = timeline.filter((e) => e.type === 'handoff.proposed').map((e) => e.payload);
    expect(proposed).toEqual([
      expect.objectContaining({ handoff: 1, fromId: 'dana', toId: 'sam', proposedById: 'dana' }),
      expect.objectContaining({ handoff: 2, fromId: 'sam', toId: 'jonas', proposedById: 'dana' }),
    ]);
  });
});
