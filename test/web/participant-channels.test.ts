// Issue 14, item 4: the owner's incident page shows how each participant is reached (Slack,
// Discord, e-mail) and, for e-mail, whether the last message was delivered or bounced, as
// the e-mail adapter records it. A client's read-only page does not show it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEmailStatus } from '../../adapters/email/email-status.ts';
import { platformRefs } from '../../src/app/platform-refs.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { LiveUpdates } from '../../src/web/live-updates.ts';
import { startOwnersWeb, type OwnersWeb } from '../../src/web/owners-web.ts';
import { createHarness, silentLogger, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

let h: Harness;
let web: OwnersWeb;

/** The cells of the person's row in the "People" card, as text. */
function row(html: string, personId: string): string {
  const found = new RegExp(`<tr data-person="${personId}">([\\s\\S]*?)</tr>`).exec(html);
  return (found?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

beforeAll(async () => {
  const world = testWorld();
  const person = (id: string) => world.people.find((p) => p.id === id)!;
  Object.assign(person('sam'), { email: 'sam@cloudnest.example', notify: 'both' });
  Object.assign(person('otto'), { email: 'otto@acme.example' });
  h = await createHarness(createMemoryStore(), world);
  await h.as('otto', '/incident open acme-shop The shop shows an empty basket');
  const refs = platformRefs(h.deps.store, h.clock, 'email');
  await recordEmailStatus(refs, 1, 'sam', { status: 'delivered', at: h.clock.now(), messageId: '<m1@x>' });
  await recordEmailStatus(refs, 1, 'otto', {
    status: 'bounced',
    at: h.clock.now(),
    error: 'bounced: 550 5.1.1 <otto@acme.example>: mailbox unknown',
  });
  web = await startOwnersWeb({
    port: 0,
    host: '127.0.0.1',
    ownerToken: 'test-owner-token-0123456789',
    core: { ...h.deps, channels: ['slack', 'discord', 'email'] },
    live: new LiveUpdates(),
    logger: silentLogger,
  });
});

afterAll(async () => {
  await web?.close();
});

describe('participants’ channels on the owner’s incident page', () => {
  it('names each participant’s channels and the fate of their last e-mail', async () => {
    const html = await (await fetch(`${web.ownerUrl}incidents/1`)).text();
    expect(html).toContain('People and how they are reached');
    expect(row(html, 'priya')).toBe('Priya coordinator no channel');
    expect(row(html, 'sam')).toMatch(/^Sam vendor Slack, Discord, e-mail delivered 2026-03-01 08:00 \S+$/);
    expect(row(html, 'otto')).toMatch(
      /^Otto client e-mail bounced 2026-03-01 08:00 \S+ bounced: 550 5\.1\.1 &lt;otto@acme\.example&gt;: mailbox unknown$/,
    );
  });

  it('is not on a client’s read-only page', async () => {
    const html = await (await fetch(web.clientUrl('acme'))).text();
    expect(html).toContain('The shop shows an empty basket');
    expect(html).not.toContain('People and how they are reached');
  });
});
