// Answering a handoff from an e-mail link (issue 14), through the real app on the memory
// store and once on PGlite: the link answers as its addressee exactly as /incident accept
// and decline do, marked "via e-mail", once; every refusal leaves the incident as it was.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerLinks, VerifiedLink } from '../../src/app/answer-links.ts';
import { createAnswerLinks } from '../../src/web/answer-link-signing.ts';
import type { Store } from '../../src/app/ports.ts';
import { summarise } from '../../src/domain/summary.ts';
import { summaryToJson } from '../../src/domain/summary-json.ts';
import { describeEvent } from '../../src/domain/timeline-text.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { storeOnSharedDatabase } from '../support/prisma-db.ts';
import { testWorld } from '../support/world.ts';

const BASE = 'http://handoff.test';

/** INC-1 on Acme's shop: Priya (coordinator) offers step 1 to Sam as H1. */
async function story(store: Store): Promise<{ h: Harness; links: AnswerLinks }> {
  const h = await createHarness(store, testWorld());
  await h.as('otto', '/incident open acme-shop The shop shows an empty basket');
  await h.as('priya', '/incident step add Check the payment provider', 1);
  await h.as('priya', '/incident handoff 1 @Sam Payments time out at the CloudNest proxy', 1);
  h.notifier.take();
  const links = createAnswerLinks({ secret: 'test-secret', baseUrl: () => BASE, clock: h.clock });
  return { h, links };
}

function link(links: AnswerLinks, action: 'accept' | 'decline', personId = 'sam', handoff = 1, incident = 1) {
  const url = links.urlsFor({ incidentNumber: incident, handoff, personId })[action];
  const check = links.verify(url.slice(`${BASE}/answer/`.length));
  if (!check.ok) throw new Error(`a fresh link did not verify: ${check.problem}`);
  return { claims: check.claims, signature: check.signature } satisfies VerifiedLink;
}

/** Everything a refusal must leave alone: the timeline, the processed keys and the outbox. */
async function snapshot(h: Harness) {
  return h.deps.store.transaction(async (tx) => ({
    timeline: await tx.timeline(1),
    keys: await tx.listProcessedKeys(),
    outbox: await tx.listOutbox({}),
  }));
}

const ownerOfStep1 = async (h: Harness) =>
  (await h.deps.store.transaction((tx) => tx.loadIncident(1)))?.steps[0]?.ownerId;

const timeline = (h: Harness) => h.deps.store.transaction((tx) => tx.timeline(1));
const lastEvent = async (h: Harness) => (await timeline(h)).at(-1)!;

describe('answering a handoff by e-mail link (memory store)', () => {
  let h: Harness;
  let links: AnswerLinks;
  beforeEach(async () => {
    ({ h, links } = await story(createMemoryStore()));
  });

  it('reads what the link is about without writing anything', async () => {
    const before = await snapshot(h);
    const state = await h.app.readAnswerLink(link(links, 'accept'));
    expect(state).toEqual({
      kind: 'pending',
      about: {
        incidentNumber: 1,
        incidentTitle: 'The shop shows an empty basket',
        siteName: 'Acme Bakery shop',
        handoff: 1,
        step: 1,
        stepTitle: 'Check the payment provider',
        senderName: 'Priya',
        ownerName: 'Priya',
        addresseeName: 'Sam',
        coordinatorName: 'Priya',
        note: 'Payments time out at the CloudNest proxy',
        action: 'accept',
      },
    });
    expect(await snapshot(h)).toEqual(before);
  });

  it('accepts as the addressee, via e-mail, tells the sender, and works once', async () => {
    const accept = link(links, 'accept');
    const result = await h.app.answerByLink(accept, {});
    expect(result).toMatchObject({
      kind: 'done',
      answer: { status: 'accepted', byName: 'Sam', via: 'email' },
    });
    const event = await lastEvent(h);
    expect(event).toMatchObject({ type: 'handoff.accepted', actorId: 'sam', payload: { via: 'email' } });
    expect(describeEvent(event, h.deps.directory())).toBe(
      'Sam accepted H1 via e-mail: step 1 is now theirs.',
    );
    expect(await ownerOfStep1(h)).toBe('sam');
    expect(h.notifier.take()).toEqual([
      expect.objectContaining({
        personId: 'priya',
        text: "Priya, Sam accepted H1 via e-mail: step 1 of INC-1 is now Sam's.",
      }),
    ]);

    const after = await snapshot(h);
    expect(after.keys.map((k) => k.key)).toContain(`answer-link:${accept.signature}`);
    expect(await h.app.answerByLink(accept, {})).toMatchObject({ kind: 'used' });
    expect(await h.app.readAnswerLink(accept)).toMatchObject({
      kind: 'used',
      answer: { status: 'accepted' },
    });
    // The Decline link of the same e-mail now finds the handoff answered.
    expect(await h.app.answerByLink(link(links, 'decline'), { reason: 'Too late' })).toMatchObject({
      kind: 'answered',
      answer: { status: 'accepted', byName: 'Sam', via: 'email' },
    });
    expect(await snapshot(h)).toEqual(after);
    expect(h.notifier.take()).toEqual([]);
  });

  it('refuses a decline without a reason (nothing changes, the link stays usable), then records one', async () => {
    const decline = link(links, 'decline');
    const before = await snapshot(h);
    for (const reason of [undefined, '', '   \n ']) {
      expect(await h.app.answerByLink(decline, { reason })).toMatchObject({
        kind: 'invalid-reason',
        message: 'Declining needs a reason, so Priya knows what to do next.',
      });
    }
    expect(await h.app.answerByLink(decline, { reason: 'x'.repeat(2001) })).toMatchObject({
      kind: 'invalid-reason',
      message: expect.stringContaining('the limit is 2000'),
    });
    expect(await h.app.answerByLink(decline, { reason: 'bad \u001b[2J' })).toMatchObject({
      kind: 'invalid-reason',
    });
    expect(await snapshot(h)).toEqual(before);

    const result = await h.app.answerByLink(decline, {
      reason: '  We do not run that proxy; ask the bank.  ',
    });
    expect(result).toMatchObject({ kind: 'done', answer: { status: 'declined', via: 'email' } });
    const event = await lastEvent(h);
    expect(event).toMatchObject({
      type: 'handoff.declined',
      actorId: 'sam',
      payload: { reason: 'We do not run that proxy; ask the bank.', via: 'email' },
    });
    expect(describeEvent(event, h.deps.directory())).toBe(
      'Sam declined H1 (step 1) via e-mail: "We do not run that proxy; ask the bank."',
    );
    expect(await ownerOfStep1(h)).toBe('priya');
    expect(h.notifier.take().map((n) => n.text)).toEqual([
      'Priya, Sam declined H1 (step 1 of INC-1) via e-mail: "We do not run that proxy; ask the bank.". Step 1 stays with Priya.',
    ]);
    expect(await h.app.answerByLink(decline, { reason: 'again' })).toMatchObject({ kind: 'used' });
  });

  it('changes nothing for another person’s link, an unknown incident or handoff, or an answer given in chat', async () => {
    const before = await snapshot(h);
    expect(await h.app.answerByLink(link(links, 'accept', 'dana'), {})).toEqual({ kind: 'not-addressee' });
    expect(await h.app.readAnswerLink(link(links, 'accept', 'dana'))).toEqual({ kind: 'not-addressee' });
    expect(await h.app.answerByLink(link(links, 'accept', 'sam', 9), {})).toEqual({ kind: 'unknown' });
    expect(await h.app.answerByLink(link(links, 'accept', 'sam', 1, 7), {})).toEqual({ kind: 'unknown' });
    expect(await snapshot(h)).toEqual(before);

    await h.as('sam', '/incident decline H1 Not ours', 1);
    const answered = await snapshot(h);
    const result = await h.app.answerByLink(link(links, 'accept'), {});
    expect(result).toMatchObject({
      kind: 'answered',
      answer: { status: 'declined', byName: 'Sam', reason: 'Not ours' },
    });
    expect(result.kind === 'answered' && result.answer.via).toBeUndefined();
    expect(await snapshot(h)).toEqual(answered);
  });

  it('finds a handoff the coordinator closed by offering the step to someone else', async () => {
    await h.as('priya', '/incident handoff 1 @Dana Payments time out at the CloudNest proxy', 1);
    expect(await h.app.readAnswerLink(link(links, 'accept'))).toMatchObject({
      kind: 'answered',
      answer: {
        status: 'expired',
        byName: 'Priya',
        reason: expect.stringContaining('offered step 1 to Dana'),
      },
    });
  });

  it('shows "via e-mail" in the summary of an answer by link, in Markdown and JSON', async () => {
    await h.app.answerByLink(link(links, 'accept'), {});
    const reply = await h.as('priya', '/incident summary', 1);
    expect(reply.text).toContain('H1 step 1, Priya → Sam: accepted via e-mail after 0 s');
    const json = summaryToJson(summarise(await timeline(h)), h.deps.directory(), h.clock.now());
    expect(json.handoffs).toEqual([expect.objectContaining({ outcome: 'accepted', answeredVia: 'email' })]);
  });

  it('keeps a declined-by-link reason under Declines, marked via e-mail', async () => {
    await h.app.answerByLink(link(links, 'decline'), { reason: 'Not our proxy' });
    const reply = await h.as('priya', '/incident summary', 1);
    expect(reply.text).toContain('- H1 (step 1) declined by Sam via e-mail: "Not our proxy"');
  });
});

describe('answering by e-mail link on PGlite', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite-memory' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('records the answer with its "via", spends the link with it, and refuses the second use', async () => {
    const { store } = await storeOnSharedDatabase(() => db)();
    const { h, links } = await story(store);
    const accept = link(links, 'accept');
    expect(await h.app.answerByLink(accept, {})).toMatchObject({ kind: 'done' });
    // Read back from the database: the payload's `via` survives the round trip.
    const event = await lastEvent(h);
    expect(event).toMatchObject({ type: 'handoff.accepted', actorId: 'sam', payload: { via: 'email' } });
    const after = await snapshot(h);
    expect(await h.app.answerByLink(accept, {})).toMatchObject({ kind: 'used' });
    expect(await snapshot(h)).toEqual(after);
  });
});
