// After a restart (a new core and adapter on the same database, empty caches) the bot finds
// its messages again: the status message is edited, never posted a second time, and a
// handoff request still gets its outcome written into it. A status message someone deleted
// is posted afresh. On the memory store, PGlite and PostgreSQL.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/app/ports.ts';
import { openDatabase, type Database } from '../../../src/store/database.ts';
import { createPrismaStore } from '../../../src/store/prisma-store.ts';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { freshPostgresForSuite, truncateAll } from '../../support/prisma-db.ts';
import { serverSuite } from '../../support/servers.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

const STATUS = '📌 **Status**';
const postgresUp = await serverSuite('PostgreSQL', 'Discord message references on PostgreSQL');

function messageRefs(openStore: (() => Promise<Store>) | undefined) {
  let world: DiscordWorld | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  const patchesOf = (w: DiscordWorld, channelId: string, messageId: string) =>
    w.fake.rest.find('PATCH', new RegExp(`^/channels/${channelId}/messages/${messageId}$`));
  const statuses = (w: DiscordWorld, threadId: string) =>
    w.fake.messagesIn(threadId).filter((m) => m.content.startsWith(STATUS));

  it('after a restart a change edits the same status message; no second one is posted', async () => {
    const w = (world = await startDiscordWorld(openStore ? { openStore } : {}));
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    const [status] = statuses(w, threadId);
    expect(status!.content).toContain('Check the server');

    await w.restart();
    await w.fake.command(IDS.dana, 'step add', { title: 'Call the vendor' }, threadId);

    expect(statuses(w, threadId)).toHaveLength(1);
    expect(statuses(w, threadId)[0]!.id).toBe(status!.id);
    expect(status!.content).toContain('Call the vendor');
    expect(patchesOf(w, threadId, status!.id).length).toBeGreaterThanOrEqual(2);
    expect(w.fake.state.threads()).toHaveLength(1);
  });

  it('after a restart an answered handoff request shows its outcome in place', async () => {
    const w = (world = await startDiscordWorld(openStore ? { openStore } : {}));
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    await w.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Disk full.' },
      threadId,
    );
    const request = w.fake
      .messagesIn(threadId)
      .filter((m) => m.components?.length)
      .at(-1)!;

    await w.restart();
    // Typed, not pressed: nothing about the request message comes with the command.
    const reply = await w.fake.command(IDS.sam, 'accept', { handoff: 1 }, threadId);
    expect(answerText(reply)).toContain('You accepted H1');

    expect(patchesOf(w, threadId, request.id)).toHaveLength(1);
    expect(request.content).toContain("✅ Sam accepted H1: step 1 is Sam's now.");
    expect(request.components).toEqual([]);
    expect(statuses(w, threadId)).toHaveLength(1);
  });

  it('a status message someone deleted is posted again, and the new one is edited from then on', async () => {
    const w = (world = await startDiscordWorld(openStore ? { openStore } : {}));
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    const [old] = statuses(w, threadId);
    w.fake.state.deleteMessage(threadId, old!.id);

    await w.restart();
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    const [fresh] = statuses(w, threadId);
    expect(fresh!.id).not.toBe(old!.id);
    expect(fresh!.content).toContain('Check the server');

    await w.fake.command(IDS.dana, 'step add', { title: 'Call the vendor' }, threadId);
    expect(statuses(w, threadId)).toHaveLength(1);
    expect(fresh!.content).toContain('Call the vendor');
  });
}

describe('Discord message references, memory store', () => {
  messageRefs(undefined);
});

describe('Discord message references on PGlite', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite-memory' });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await truncateAll(db);
  });
  messageRefs(async () => createPrismaStore({ prisma: db.prisma, close: async () => {} }));
});

describe.skipIf(!postgresUp)('Discord message references on PostgreSQL', () => {
  const fresh = freshPostgresForSuite();
  beforeEach(async () => {
    await truncateAll(fresh.db);
  });
  messageRefs(async () => createPrismaStore({ prisma: fresh.db.prisma, close: async () => {} }));
});
