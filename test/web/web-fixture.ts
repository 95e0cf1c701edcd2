// A running owners' web server over the real core on the memory store, with a story
// already played: INC-1 (Wanderlust, resolved, a decline then an accept), INC-2 (Acme,
// open, a handoff waiting). The browser and HTTP tests share it.

import { composeNotifiers } from '../../src/app/composite-notifier.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { LiveUpdates } from '../../src/web/live-updates.ts';
import { startOwnersWeb, type OwnersWeb } from '../../src/web/owners-web.ts';
import { createHarness, silentLogger, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

export const OWNER_TOKEN = 'test-owner-token-0123456789';
const MIN = 60_000;

export interface WebFixture {
  h: Harness;
  web: OwnersWeb;
  live: LiveUpdates;
  stop(): Promise<void>;
}

async function must(h: Harness, person: string, text: string, room?: number): Promise<void> {
  const reply = await h.as(person, text, room);
  if (reply.error) throw new Error(`${person}: ${text} → ${reply.text}`);
}

export async function playStory(h: Harness): Promise<void> {
  await must(h, 'maria', '/incident open wanderlust-web sev1 Booking site shows <b>502</b>');
  h.clock.advance(5 * MIN);
  await must(h, 'dana', '/incident step add Find out why the site returns 502', 1);
  await must(h, 'dana', '/incident handoff 1 @Sam Nginx gets 502 from PHP-FPM; /var is full', 1);
  h.clock.advance(20 * MIN);
  await must(h, 'sam', '/incident decline H1 The server is healthy; the app writes debug logs', 1);
  await must(h, 'dana', '/incident handoff 1 @Sam Debug logs off; /var still grows in /var/lib/mysql', 1);
  h.clock.advance(10 * MIN);
  await must(h, 'sam', '/incident accept H2', 1);
  await must(h, 'dana', '/incident step add Tell the customers', 1);
  h.clock.advance(60 * MIN);
  await must(h, 'sam', '/incident step done 1', 1);
  await must(h, 'dana', '/incident update The booking site is back.', 1);
  h.clock.advance(60 * MIN);
  await must(h, 'dana', '/incident step done 2', 1);
  await must(h, 'dana', '/incident resolve Binlog retention fixed', 1);
  await must(h, 'otto', '/incident open acme-shop sev2 The shop shows an empty basket');
  h.clock.advance(3 * MIN);
  await must(h, 'priya', '/incident step add Check the payment provider', 2);
  await must(h, 'priya', '/incident handoff 1 @Sam Payments time out at the CloudNest proxy', 2);
  h.clock.advance(7 * MIN);
}

export async function startWebFixture(): Promise<WebFixture> {
  const h = await createHarness(createMemoryStore(), testWorld());
  const live = new LiveUpdates();
  // Compose the live pages into the notifier, as the composition root does.
  h.deps.notifier = composeNotifiers([h.notifier, live], silentLogger);
  await playStory(h);
  const web = await startOwnersWeb({
    port: 0,
    host: '127.0.0.1',
    ownerToken: OWNER_TOKEN,
    core: h.deps,
    live,
    logger: silentLogger,
  });
  return { h, web, live, stop: () => web.close() };
}
