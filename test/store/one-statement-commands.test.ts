// Issue 13 (handoff pairs per second): a command whose writes fit in one statement runs
// without a transaction around it: its read alone, then that one statement, which is written
// whole or not at all (sql.ts deferredTransaction, write-batch.ts). What a transaction gave
// it must still hold: a change by someone else between the read and the write is refused
// and the command decided again; a retried delivery is ignored, even one its first delivery
// made impossible; and a command that needs more than one statement still gets a transaction.
// On PostgreSQL and on the PGlite folder (one session for every connection: pglite-batches.mjs).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import type { DeferredSql, Sql } from '../../src/store/sql.ts';
import { createHarness } from '../support/app-harness.ts';
import { truncateAll } from '../support/prisma-db.ts';
import { createTestPostgresDatabase, postgresAvailable, type TestDatabase } from '../support/servers.ts';
import { testWorld } from '../support/world.ts';

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('commands in one statement, PostgreSQL', () => {
  let server: TestDatabase | undefined;
  commandsInOneStatement(
    async () => {
      server = await createTestPostgresDatabase();
      return openDatabase({ kind: 'postgres', url: server.url });
    },
    async () => server?.drop(),
  );
});

describe('commands in one statement, the PGlite folder', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'handoff-one-statement-'));
  commandsInOneStatement(
    () => openDatabase({ kind: 'pglite', dataDir: temp }),
    async () => rmSync(temp, { recursive: true, force: true }),
  );
});

/** The suite on the database `open` gives; `cleanUp` runs once it is closed. */
function commandsInOneStatement(open: () => Promise<Database>, cleanUp: () => Promise<unknown>) {
  let opened: Database | undefined;
  const fresh = {
    get db(): Database {
      if (!opened) throw new Error('the database is opened in beforeAll');
      return opened;
    },
  };
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(async () => {
    await opened?.close();
    await cleanUp();
  });
  beforeEach(() => truncateAll(fresh.db));

  /**
   * A store whose statements are kept, with whether each ran in a transaction; `afterRead`
   * runs once, right after the next read of an incident comes back (before its command writes).
   */
  function watchedStore() {
    const sql = fresh.db.sql!;
    const sent: Array<{ text: string; inTransaction: boolean }> = [];
    const hooks: { afterRead?: (() => Promise<void>) | undefined } = {};
    const watching = <S extends Sql>(road: S, inTransaction: () => boolean): S => ({
      ...road,
      query: async <Row>(text: string, params?: unknown[]) => {
        sent.push({ text, inTransaction: inTransaction() });
        const rows = await road.query<Row>(text, params);
        const hook = hooks.afterRead;
        if (hook && text.includes('i.xmin::text AS "xmin"')) {
          hooks.afterRead = undefined;
          await hook();
        }
        return rows;
      },
      execute: (text: string, params?: unknown[]) => {
        sent.push({ text, inTransaction: inTransaction() });
        return road.execute(text, params);
      },
    });
    const watched = {
      ...watching(sql, () => false),
      transaction: <T>(fn: (tx: Sql) => Promise<T>) => sql.transaction((tx) => fn(watching(tx, () => true))),
      deferredTransaction: <T>(fn: (tx: DeferredSql) => Promise<T>) =>
        sql.deferredTransaction((tx) => fn(watching(tx, () => tx.begun))),
    };
    const store = createPrismaStore({ ...fresh.db, sql: watched, close: async () => {} });
    return { store, sent, hooks };
  }

  async function incidentWithStep() {
    const watched = watchedStore();
    const h = await createHarness(watched.store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the disk', 1);
    return { ...watched, h };
  }

  it('a handoff and its acceptance: each one read and one write, no transaction', async () => {
    const { h, sent } = await incidentWithStep();
    for (const [person, text] of [
      ['dana', '/incident handoff 1 @Sam Disk full; cleared /tmp'],
      ['sam', '/incident accept H1'],
    ] as const) {
      sent.length = 0;
      const reply = await h.as(person, text, 1);
      expect(reply.error, reply.text).toBeUndefined();
      const command = sent.filter((s) => !s.text.startsWith('UPDATE "OutboxEntry"')); // its delivery aside
      expect(command.map((s) => s.text.slice(0, 40))).toEqual([
        expect.stringContaining('SELECT i.xmin'),
        expect.stringMatching(/^WITH s0 AS \((UPDATE "Incident"|UPDATE "Deadline")/),
      ]);
      expect(sent.some((s) => s.inTransaction)).toBe(false);
    }
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps[0]?.ownerId).toBe('sam');
    // The acceptance disarmed the handoff's reminder and escalation in that same statement.
    const deadlines = await h.deps.store.autocommit((tx) => tx.listDeadlines({}));
    const disarmed = deadlines.filter((d) => d.handoffNumber === 1);
    expect(disarmed.length).toBeGreaterThan(0);
    expect(disarmed.every((d) => d.status === 'cancelled')).toBe(true);
  });

  it('a change by another process between the read and the write: refused whole, and decided again', async () => {
    const { h, hooks, sent } = await incidentWithStep();
    const other = await createHarness(createPrismaStore({ ...fresh.db, close: async () => {} }), testWorld());
    hooks.afterRead = async () => {
      const reply = await other.as('dana', '/incident step add Check the DNS', 1);
      expect(reply.error, reply.text).toBeUndefined();
    };
    sent.length = 0;
    const reply = await h.as('dana', '/incident step add Check the certificate', 1);
    expect(reply.error, reply.text).toBeUndefined();
    expect(hooks.afterRead).toBeUndefined(); // the other process did write in between
    // Its write was refused (nothing of it written), then it read again and wrote again.
    const writes = sent.filter((s) => s.text.startsWith('WITH s0 AS (UPDATE "Incident"'));
    expect(writes).toHaveLength(2);
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps.map((s) => s.title)).toEqual([
      'Check the disk',
      'Check the DNS',
      'Check the certificate',
    ]);
    const timeline = await h.deps.store.autocommit((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1)); // no gap, no repeat
  });

  it('a retried delivery is ignored, even one its first delivery made a refusal', async () => {
    const { h } = await incidentWithStep();
    await h.as('dana', '/incident handoff 1 @Sam Disk full', 1);
    const accept = {
      actor: { platform: 'console' as const, userId: 'sam' },
      text: '/incident accept H1',
      roomIncident: 1,
      idempotencyKey: 'slack:retry-1',
    };
    const first = await h.app.handleCommand(accept);
    expect(first?.error, first?.text).toBeUndefined();
    // Delivered again: H1 is accepted now, which would be refused; it is a duplicate instead.
    expect(await h.app.handleCommand(accept)).toBeNull();
    const handoff = {
      actor: { platform: 'console' as const, userId: 'sam' },
      text: '/incident handoff 1 @Dana Back to you',
      roomIncident: 1,
      idempotencyKey: 'slack:retry-2',
    };
    expect((await h.app.handleCommand(handoff))?.error).toBeUndefined();
    // Delivered again: refused by a rule or decided again, its key has the last word.
    expect(await h.app.handleCommand(handoff)).toBeNull();
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.handoffs.map((x) => x.number)).toEqual([1, 2]);
  });

  it('a command that reads after its first writes gets a transaction', async () => {
    const { h, store, sent } = await incidentWithStep();
    sent.length = 0;
    // A read after a write in one unit of work: the writes go first, in a transaction begun for them.
    await store.transaction(async (tx) => {
      await tx.claimKeyOnCommit('unit:1', new Date());
      await tx.listProcessedKeys();
      await tx.claimKeyOnCommit('unit:2', new Date());
    });
    expect(sent.map((s) => s.inTransaction)).toEqual([true, true, true]);
    const keys = await h.deps.store.autocommit((tx) => tx.listProcessedKeys());
    expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining(['unit:1', 'unit:2']));
  });
}
