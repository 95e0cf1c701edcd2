// The coordinator offers someone else's step: the note is the coordinator's, the step is
// still its owner's. Every surface must keep the two facts apart (issue: "Wrong author").

import { beforeEach, describe, expect, it } from 'vitest';
import { handoffKeys } from '../../src/app/deadlines.ts';
import { fireDeadline } from '../../src/app/use-cases/fire-deadline.ts';
import { describeEvent } from '../../src/domain/timeline-text.ts';
import { summarise, renderSummary } from '../../src/domain/summary.ts';
import { summaryToJson } from '../../src/domain/summary-json.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

let h: Harness;
const timeline = () => h.deps.store.transaction((tx) => tx.timeline(1));
const NOTE = 'The DNS record points at the old server; I lowered its TTL to 60 s.';

beforeEach(async () => {
  h = await createHarness(createMemoryStore(), testWorld());
  await h.as('maria', '/incident open wanderlust-web Site down');
  await h.as('dana', '/incident step add Find out why the site is down');
  await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
  await h.as('sam', '/incident accept H1');
  h.clock.advance(5 * 60_000);
  h.notifier.take();
});

describe("the coordinator offers the vendor's step", () => {
  it('tells the addressee whose note it is and who still owns the step', async () => {
    const reply = await h.as('dana', `/incident handoff 1 @Priya ${NOTE}`);
    expect(reply.text).toContain("Offered Sam's step 1 to Priya (H2)");
    expect(reply.text).toContain('It stays with Sam until Priya accepts');
    const sent = h.notifier.take();
    const ask = sent.find((n) => n.personId === 'priya' && n.handoff)!;
    expect(ask.text).toContain(`What Dana saw and did: ${NOTE}`);
    expect(ask.text).not.toContain('What Sam saw and did');
    expect(ask.text).toContain("Dana, the coordinator, offers you Sam's step 1");
    expect(ask.text).toContain('Until you accept, Sam still owns it.');
    const toOwner = sent.find((n) => n.personId === 'sam')!;
    expect(toOwner.text).toContain('Dana offered your step 1 of INC-1 to Priya (H2)');
  });

  it('keeps author and owner apart in status, reminders and escalations', async () => {
    await h.as('dana', `/incident handoff 1 @Priya ${NOTE}`);
    h.notifier.take();
    const status = await h.as('maria', '/incident status');
    expect(status.text).toContain('H2: step 1 offered by Dana to Priya');
    expect(status.text).toContain('so Sam still owns it');
    const [, escalateKey] = handoffKeys(1, 2) as [string, string];
    const escalate = (await h.deps.store.transaction((tx) => tx.loadDeadline(escalateKey)))!;
    h.clock.set(escalate.at);
    await fireDeadline(h.deps, { key: escalateKey, at: escalate.at });
    const [reminder, escalation] = h.notifier.take();
    expect(reminder!.text).toContain("Dana has been waiting 30 min for your answer to H2, Sam's step 1");
    expect(reminder!.text).toContain('Until you answer, Sam still owns it.');
    expect(escalation!.text).toContain("Step 1 is still Sam's");
    expect(escalation!.text).toContain('Priya has not answered H2 (step 1 of INC-1');
  });

  it('attributes note and wait to the proposer in the summary, the timeline and JSON', async () => {
    await h.as('dana', `/incident handoff 1 @Priya ${NOTE}`);
    h.clock.advance(12 * 60_000);
    const accepted = await h.as('priya', '/incident accept H2');
    expect(accepted.text).toContain('Sam and Dana have been told.');
    const events = await timeline();
    const md = renderSummary(events, h.deps.directory(), h.clock.now());
    expect(md).toContain('- H2 step 1, Sam → Priya, offered by Dana: accepted after 12 min');
    expect(md).toContain(`  What Dana saw and did: "${NOTE}"`);
    expect(md).not.toContain('What Sam saw and did');
    expect(md).toContain('- Dana waited on Priya for 12 min (H2)');
    expect(md).not.toContain('Sam waited on Priya');
    const proposed = events.find((e) => e.type === 'handoff.proposed' && e.payload.handoff === 2)!;
    expect(proposed.payload).toMatchObject({ fromId: 'sam', proposedById: 'dana' });
    expect(describeEvent(proposed, h.deps.directory())).toBe(
      `Dana offered Sam's step 1 to Priya (H2). What Dana saw and did: "${NOTE}"`,
    );
    const json = summaryToJson(summarise(events), h.deps.directory(), h.clock.now());
    expect((json.handoffs as unknown[])[1]).toMatchObject({
      from: { id: 'sam', name: 'Sam' },
      proposedBy: { id: 'dana', name: 'Dana' },
    });
  });

  it('still replays a timeline written before proposers were recorded', async () => {
    const events = (await timeline()).map((e) =>
      e.type === 'handoff.proposed'
        ? {
            ...e,
            payload: {
              handoff: e.payload.handoff,
              step: e.payload.step,
              fromId: e.payload.fromId,
              toId: e.payload.toId,
              note: e.payload.note,
            },
          }
        : e,
    );
    expect(summarise(events).handoffs[0]).toMatchObject({ fromId: 'dana', proposedById: 'dana' });
  });
});

describe('offers nobody can make', () => {
  it('refuses an offer to oneself, and to the current owner', async () => {
    const self = await h.as('dana', '/incident handoff 1 @Dana I will take it');
    expect(self.text).toBe(
      "Dana, you can't offer step 1 to yourself. Only Sam can hand it to you: ask Sam to type /incident handoff 1 @Dana <what Sam saw and did>.",
    );
    const owner = await h.as('dana', '/incident handoff 1 @Sam Over to you');
    expect(owner.text).toBe('Sam already owns step 1.');
    expect((await timeline()).filter((e) => e.type === 'handoff.proposed')).toHaveLength(1);
  });
});
