// Issue 3 "Bad input": every malformed or unauthorised command gets one clear
// message and changes nothing (the timeline and projection stay exactly as they were).

import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

let h: Harness;

async function snapshot() {
  return h.deps.store.transaction(async (tx) => ({
    incident: await tx.loadIncident(1),
    timeline: await tx.timeline(1),
  }));
}

beforeEach(async () => {
  h = await createHarness(createMemoryStore(), testWorld());
  await h.as('maria', '/incident open wanderlust-web sev1 Booking site shows 502');
  await h.as('dana', '/incident step add Check the web server');
  await h.as('dana', '/incident handoff 1 @Sam Disk is full; cleared /tmp, refills.');
  h.notifier.take();
});

const cases: Array<[string, string, string, RegExp]> = [
  ['a 10 kB note', 'dana', `/incident handoff 1 @Kevin ${'x'.repeat(10_240)}`, /2000/],
  ['an empty reason', 'sam', '/incident decline H1', /reason/i],
  ['an unknown step', 'dana', '/incident handoff 9 @Kevin checked it', /There is no step 9/],
  ['an unknown person', 'dana', '/incident step add Check DNS @Zed', /don't know anyone called @Zed/],
  [
    "someone else's handoff",
    'kevin',
    '/incident accept H1',
    /Handoff H1 is for Sam\. Only Sam can accept or decline it\./,
  ],
  ['a missing argument', 'dana', '/incident step done', /Usage: \/incident step done/],
  ['an extra argument', 'dana', '/incident status now', /Usage: \/incident status/],
  ['a malformed number', 'dana', '/incident step done two', /Usage: \/incident step done/],
  ['an unknown subcommand', 'dana', '/incident handof 1 @Sam x', /handoff/],
  [
    'the same offer twice',
    'dana',
    '/incident handoff 1 @Sam again',
    /Step 1 is already offered to Sam \(H1\)\./,
  ],
  ['a non-coordinator resolving', 'sam', '/incident resolve fixed', /Only the coordinator, Dana/],
  ['an outsider reading', 'otto', '/incident INC-1 status', /not part of INC-1/],
  ['an unknown incident', 'dana', '/incident INC-42 status', /There is no incident INC-42/],
];

describe('bad input changes nothing', () => {
  it.each(cases)('%s', async (_name, who, text, message) => {
    const before = await snapshot();
    const reply = await h.as(who, text, 1);
    expect(reply.error, reply.text).toBeDefined();
    expect(reply.text).toMatch(message);
    expect(await snapshot()).toEqual(before);
    expect(h.notifier.take()).toEqual([]);
  });

  it('refuses every change on a resolved incident, saying how to reopen', async () => {
    await h.as('dana', '/incident resolve Disk cleaned up', 1);
    const before = await snapshot();
    for (const text of [
      '/incident step add More',
      '/incident handoff 1 @Kevin x',
      '/incident update hi',
      '/incident step done 1',
      '/incident severity sev1',
    ]) {
      const reply = await h.as('dana', text, 1);
      expect(reply.text).toContain(
        'INC-1 is resolved. If it is not over, reopen it first: /incident reopen <why>.',
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it('tells an unknown platform user how to get added, and does nothing', async () => {
    const before = await snapshot();
    const reply = await h.app.handleCommand({
      actor: { platform: 'slack', userId: 'U999' },
      text: 'open wanderlust-web down',
    });
    expect(reply?.text).toContain("Slack user U999 is not in Handoff's directory");
    expect(reply?.text).toContain('slack: U999');
    expect(await snapshot()).toEqual(before);
    const all = await h.deps.store.transaction((tx) => tx.listIncidents({}));
    expect(all.map((i) => i.number)).toEqual([1]);
  });
});
