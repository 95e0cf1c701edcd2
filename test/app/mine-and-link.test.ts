// /incident mine and /incident link through the real core (issue 15, items 2 and 3).

import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createWebAccess } from '../../src/web/access.ts';
import { createHarness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

async function twoIncidents() {
  const h = await createHarness(createMemoryStore(), testWorld());
  const ok = async (person: string, text: string) => {
    const reply = await h.as(person, text);
    expect(reply.error, reply.text).toBeUndefined();
  };
  await ok('maria', '/incident open wanderlust-web The booking page shows a 502');
  h.clock.advance(5 * 60_000);
  await ok('otto', '/incident open acme-shop The shop is down');
  await ok('priya', '/incident INC-2 step add Restore the database @Sam');
  h.clock.advance(5 * 60_000);
  await ok('dana', '/incident INC-1 step add Check the web server @Sam');
  await ok('sam', '/incident INC-1 accept H1');
  h.clock.advance(15 * 60_000);
  return h;
}

describe('/incident mine', () => {
  it("answers privately with the person's steps and the handoffs waiting on them, across incidents", async () => {
    const h = await twoIncidents();
    h.notifier.take();
    const reply = await h.as('sam', '/incident mine');
    expect(reply.visibility).toBe('private');
    expect(reply.error).toBeUndefined();
    expect(reply.text).toContain('Sam, here is what is waiting on you:');
    expect(reply.text).toContain(
      'INC-1 (Wanderlust Travel website) step 1: Check the web server (yours for 15 min)',
    );
    expect(reply.text).toContain(
      'INC-2 H1: step 1 “Restore the database”, offered by Priya 20 min ago; Priya is waiting for your answer.',
    );
    expect(h.notifier.take(), 'a read tells nobody else').toEqual([]);
  });

  it('works inside an incident room too, and gives the same list', async () => {
    const h = await twoIncidents();
    const inRoom = await h.as('sam', '/incident mine', 2);
    expect(inRoom.text).toEqual((await h.as('sam', '/incident mine')).text);
  });

  it('is quiet for the console (nothingWaiting) when nothing is waiting', async () => {
    const h = await twoIncidents();
    const view = await h.app.myWork({ platform: 'console', userId: 'kevin' });
    expect(view).toEqual({
      text: 'Nothing is waiting on you, Kevin: no open steps and no handoffs to answer.',
      nothingWaiting: true,
    });
    expect(await h.app.myWork({ platform: 'slack', userId: 'U0NOBODY' })).toBeNull();
  });
});

describe('/incident link', () => {
  const access = createWebAccess('owner-token-for-tests');
  const clientUrl = (clientId: string) => `http://localhost:3000${access.clientPrefix(clientId)}`;

  it("gives a client contact their own organisation's read-only link, privately", async () => {
    const h = await twoIncidents();
    h.deps.clientLinks = { clientUrl };
    const reply = await h.as('kevin', '/incident link');
    expect(reply.visibility).toBe('private');
    expect(reply.text).toContain(
      `Kevin, here is Wanderlust Travel's own read-only page: ${clientUrl('wanderlust')}`,
    );
    expect(access.resolve(new URL(clientUrl('wanderlust')).pathname, () => true)?.scope).toEqual({
      kind: 'client',
      clientId: 'wanderlust',
    });
    expect((await h.as('otto', '/incident link')).text).toContain(clientUrl('acme'));
  });

  it('says the pages are off rather than giving a link that does not work', async () => {
    const h = await twoIncidents();
    h.deps.clientLinks = { clientUrl: () => undefined };
    const reply = await h.as('maria', '/incident link');
    expect(reply.text).toBe(
      'Maria, the incident pages are not running, so there is no link to give you yet. Ask BrightDesk IT to turn them on; until then, /incident status shows where things stand.',
    );
  });

  it('refuses people who are not client contacts, saying what they have instead', async () => {
    const h = await twoIncidents();
    h.deps.clientLinks = { clientUrl };
    const dana = await h.as('dana', '/incident link');
    expect(dana.error?.code).toBe('permission');
    expect(dana.text).toContain(
      "You have the owner's pages; a client contact gets their own link by typing /incident link.",
    );
    const sam = await h.as('sam', '/incident link');
    expect(sam.error?.code).toBe('permission');
    expect(sam.text).not.toContain('http');
  });
});
