// Issue 13 (handoff pairs per second): a delivery made, its row is marked sent with the next
// command's statement, or alone a few milliseconds later, never lost on the way: a read of
// the outbox through the store sees it, a statement refused gives it back, closing writes it
// (settle-queue.ts). On PostgreSQL and on the PGlite folder.

import { expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../src/app/ports.ts';
import type { Database } from '../../src/store/database.ts';
import { createPrismaStore, type PrismaStoreOptions } from '../../src/store/prisma-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { onPoolDatabases } from '../support/prisma-db.ts';
import { watchedStore } from '../support/watched-store.ts';
import { testWorld } from '../support/world.ts';

await onPoolDatabases('deliveries settled soon', settledSoon);

const SETTLE = 'UPDATE "OutboxEntry" AS o SET "status" = \'sent\'';
/** A window no test outlasts: a mark is written only with a command's statement or a read. */
const RIDE_ONLY = 60_000;

function settledSoon(database: () => Database) {
  /** The outbox rows as the database holds them, read past the store. */
  const rows = () =>
    database().sql!.query<{ id: string; status: string; settledAt: Date | null }>(
      `SELECT "id", "status", "settledAt" FROM "OutboxEntry" ORDER BY "id"`,
    );

  /**
   * INC-1 with one step, through a watched store; its deliveries all settled. A long
   * `settleWithinMs` where a test proves the ride: a mark then waits for it, whatever the
   * machine's speed.
   */
  async function incidentWithStep(options: PrismaStoreOptions = {}) {
    const watched = watchedStore(database(), options);
    const h = await createHarness(watched.store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the disk', 1);
    await h.deps.store.autocommit((tx) => tx.listOutbox({})); // writes the settles waiting
    watched.sent.length = 0;
    return { ...watched, h };
  }

  /** `n` entries of INC-1, claimed for an attempt that is running: what a delivery settles. */
  async function claimedEntries(store: ReturnType<typeof watchedStore>['store'], n: number) {
    const now = new Date('2026-03-01T08:00:00.000Z');
    const entries: OutboxEntry[] = Array.from({ length: n }, (_, i) => ({
      id: `1:99:chat:${i}`,
      platform: 'chat',
      incidentNumber: 1,
      effect: { kind: 'incidentChanged' },
      reportFailure: false,
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 30_000),
      createdAt: now,
    }));
    await store.transaction((tx) => tx.saveOutbox(entries));
    return { ids: entries.map((e) => e.id), at: new Date(now.getTime() + 5) };
  }

  it("rides on the next command's statement: a handoff pair is two statements, its deliveries included", async () => {
    const { h, store, sent } = await incidentWithStep({ settleWithinMs: RIDE_ONLY });
    expect((await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp', 1)).error).toBeUndefined();
    expect(sent.map((s) => s.text.slice(0, 30))).toEqual([
      expect.stringMatching(/^WITH s0 AS \(UPDATE "Incident"/),
    ]);
    const offer = (await rows()).filter((r) => r.status === 'pending');
    expect(offer).toHaveLength(1); // Sam's notice, delivered, its mark waiting
    expect((await h.as('sam', '/incident accept H1', 1)).error).toBeUndefined();
    // The acceptance's one statement carried the mark of the offer's delivery.
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toContain(SETTLE);
    const after = await rows();
    expect(after.find((r) => r.id === offer[0]!.id)).toMatchObject({
      status: 'sent',
      settledAt: expect.any(Date),
    });
    await store.close(); // the accept's own delivery, still waiting for a ride
  });

  it('is written alone, with the others waiting, when no command follows', async () => {
    const { h, sent } = await incidentWithStep();
    expect((await h.as('dana', '/incident handoff 1 @Sam Disk full', 1)).error).toBeUndefined();
    await vi.waitFor(async () => expect((await rows()).every((r) => r.status === 'sent')).toBe(true), {
      timeout: 5_000,
    });
    expect(sent.filter((s) => s.text.startsWith(SETTLE))).toHaveLength(1);
  });

  it('is seen by a read of the outbox through the store, at once', async () => {
    const { store, sent } = await incidentWithStep();
    const { ids, at } = await claimedEntries(store, 40);
    sent.length = 0;
    for (const id of ids) store.settleSentSoon!(id, at);
    const pending = await store.autocommit((tx) => tx.listOutbox({ status: 'pending' }));
    expect(pending).toEqual([]);
    const entry = await store.transaction((tx) => tx.loadOutbox(ids[39]!));
    expect(entry).toMatchObject({ status: 'sent', settledAt: at });
    // 40 marks: three statements of at most 16 (each count of marks is a statement to prepare).
    expect(sent.filter((s) => s.text.startsWith(SETTLE))).toHaveLength(3);
  });

  it('is given back by a statement refused whole', async () => {
    const { h, store, sent } = await incidentWithStep({ settleWithinMs: RIDE_ONLY });
    const other = await createHarness(
      createPrismaStore({ ...database(), close: async () => {} }),
      testWorld(),
    );
    expect((await other.as('dana', '/incident step add Check the DNS', 1)).error).toBeUndefined();
    const { ids, at } = await claimedEntries(store, 1);
    sent.length = 0;
    store.settleSentSoon!(ids[0]!, at);
    // Decided on this process's copy, which the other process made stale: the write, with the
    // mark, matches no row, so none of it is written; decided again on a read, and written.
    expect((await h.as('dana', '/incident step add Check the certificate', 1)).error).toBeUndefined();
    const writes = sent.filter((s) => s.text.startsWith('WITH'));
    expect(writes).toHaveLength(2);
    expect(writes[0]!.text).toContain(SETTLE);
    // Given back, then written with the second write.
    expect(writes[1]!.text).toContain(SETTLE);
    expect((await rows()).find((r) => r.id === ids[0])?.status).toBe('sent');
    await store.close();
  });

  it('is written by closing the store', async () => {
    const { store } = await incidentWithStep();
    const { ids, at } = await claimedEntries(store, 3);
    for (const id of ids) store.settleSentSoon!(id, at);
    await store.close();
    expect((await rows()).filter((r) => ids.includes(r.id)).map((r) => r.status)).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
  });
}
