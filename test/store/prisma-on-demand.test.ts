// Prisma's client is loaded only where it runs queries (issue 13: memory): a running bot
// reaches PostgreSQL and the PGlite folder through the pg pool and opens its database with
// `prisma: false`; PGlite in memory, which has no pool, always has it. Prisma's errors are
// still recognised where they happen, without its classes at hand (db-errors.ts).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { isTransientConflict, sqlState, uniqueViolation } from '../../src/store/db-errors.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('PGlite in memory', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite-memory' }, { prisma: false });
  });
  afterAll(() => db.close());

  it('has Prisma whatever it was asked, and its constraint errors are recognised', async () => {
    const insert = `INSERT INTO "ProcessedKey" ("key", "processedAt") VALUES ('k1', now())`;
    await db.prisma.$executeRawUnsafe(insert);
    const error: unknown = await db.prisma.$executeRawUnsafe(insert).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('PrismaClientKnownRequestError');
    expect(uniqueViolation(error)).toMatchObject({ constraint: 'ProcessedKey_pkey' });
    expect(sqlState(error)).toBe('23505');
    expect(isTransientConflict(error)).toBe(false);
    // Any other error with that name is not taken for one of Prisma's.
    expect(
      uniqueViolation(Object.assign(new Error('x'), { name: 'PrismaClientKnownRequestError' })),
    ).toBeNull();
  });
});

const up = await serverSuite('PostgreSQL', 'Prisma on demand');
describe.skipIf(!up)('PostgreSQL opened without Prisma', () => {
  let server: TestDatabase;
  beforeAll(async () => {
    server = await createTestPostgresDatabase();
    await (await openDatabase({ kind: 'postgres', url: server.url })).close(); // migrated
  });
  afterAll(() => server?.drop());

  it('serves the store through the pool and never loads Prisma’s client runtime', () => {
    // A process of its own: this one has loaded Prisma above.
    const script = `
      import { createRequire } from 'node:module';
      const { openDatabase } = await import('./src/store/database.ts');
      const { createPrismaStore } = await import('./src/store/prisma-store.ts');
      const db = await openDatabase({ kind: 'postgres', url: process.env.URL }, { prisma: false });
      const store = createPrismaStore(db);
      const key = await store.transaction((tx) => tx.claimKey('on-demand-1', new Date()));
      const again = await store.transaction((tx) => tx.claimKey('on-demand-1', new Date()));
      let refused = '';
      try { db.prisma; } catch (error) { refused = error.message; }
      await store.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ key, again, refused, runtime: loaded.filter((f) => f.includes('/@prisma/client/')) }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, URL: server.url },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({
      key: true,
      again: false,
      refused: "Prisma's client is not loaded: the database was opened with { prisma: false }.",
      runtime: [],
    });
  });
});
