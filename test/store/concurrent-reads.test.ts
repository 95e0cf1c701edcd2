// Issue 13: reads outside a transaction (Store.read) save PostgreSQL two round trips each.
// Many of them at once, beside commands that write, must all succeed and see whole
// incidents, on the PGlite folder (its socket server interleaves plain queries of several
// connections, so there they run in transactions) and on PostgreSQL.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { createTestPostgresDatabase, postgresAvailable, type TestDatabase } from '../support/servers.ts';
import { testWorld } from '../support/world.ts';

async function readsBesideWrites(db: Database) {
  const store = createPrismaStore(db);
  const h = await createHarness(store, testWorld());
  await h.as('maria', '/incident open wanderlust-web Site down');
  const writes = Array.from({ length: 10 }, (_, i) => h.as('dana', `/incident step add Check ${i + 1}`, 1));
  const reads: Array<Promise<unknown>> = Array.from({ length: 60 }, (_, i) =>
    i % 3 === 0
      ? store.autocommit((tx) => tx.incidentNumberForRoom('slack', 'none'))
      : store.autocommit((tx) => tx.loadIncident(1)),
  );
  // And reads queued behind a transaction that holds the database a while.
  const holding = store.transaction(async (tx) => {
    await tx.loadIncident(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return tx.loadIncident(1);
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  reads.push(...Array.from({ length: 30 }, () => store.autocommit((tx) => tx.loadIncident(1))), holding);
  const [written, read] = await Promise.all([Promise.all(writes), Promise.allSettled(reads)]);
  expect(written.map((r) => r.error)).toEqual(written.map(() => undefined));
  const failed = read.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 300)] : []));
  expect(failed).toEqual([]);
  const incidents = read.filter((r) => r.status === 'fulfilled' && typeof r.value === 'object' && r.value);
  expect(incidents.length).toBe(40 + 30 + 1); // every incident read (the room lookups give undefined)
  for (const r of read) {
    const value = (r as PromiseFulfilledResult<unknown>).value;
    if (value && typeof value === 'object' && 'steps' in value) {
      // A whole snapshot: steps 1..k, none missing, whatever k the writes had reached.
      const numbers = (value as { steps: Array<{ number: number }> }).steps.map((s) => s.number);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  }
  expect((await store.autocommit((tx) => tx.loadIncident(1)))?.steps).toHaveLength(10);
}

const postgres = await postgresAvailable();

describe('reads beside writes', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'handoff-reads-'));
  let db: Database | undefined;
  let server: TestDatabase | undefined;
  afterAll(async () => {
    await db?.close();
    await server?.drop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('on the PGlite folder (its own thread, over a socket)', async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: temp });
    await readsBesideWrites(db);
    await db.close();
    db = undefined;
  }, 60_000);

  it.skipIf(!postgres)(
    'on PostgreSQL',
    async () => {
      server = await createTestPostgresDatabase();
      db = await openDatabase({ kind: 'postgres', url: server.url });
      await readsBesideWrites(db);
    },
    60_000,
  );
});
