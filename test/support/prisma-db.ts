// Sharing one database across the tests of a file: PGlite takes seconds to start, so a file
// opens one and each test starts from empty tables instead. And a fresh PostgreSQL database,
// migrated, for a file or a describe block, dropped afterwards; and a suite on both databases
// of the pool road.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createTestPostgresDatabase, serverSuite } from './servers.ts';

/** Empties every table but the migration history. */
export async function truncateAll(db: Pick<Database, 'prisma'>): Promise<void> {
  const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  await db.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}

/** A `makeStore` for the store contract: empty tables, a store whose close leaves the database open. */
export function storeOnSharedDatabase(getDb: () => Database) {
  return async () => {
    const db = getDb();
    await truncateAll(db);
    // With the database's pool, where it has one: the contract covers both roads (sql.ts).
    const store = createPrismaStore({ kind: db.kind, prisma: db.prisma, sql: db.sql, close: async () => {} });
    return { store, close: () => store.close() };
  };
}

/** A new database on the test PostgreSQL server, migrated and open; close() closes and drops it. */
export interface FreshPostgres {
  db: Database;
  url: string;
  close(): Promise<void>;
}

export async function openFreshPostgres(): Promise<FreshPostgres> {
  const database = await createTestPostgresDatabase();
  let db: Database;
  try {
    db = await openDatabase({ kind: 'postgres', url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    db,
    url: database.url,
    async close() {
      try {
        await db.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/**
 * A fresh PostgreSQL database for the tests of the enclosing describe block: opened before
 * them, closed and dropped after them. Read `db` inside the tests.
 */
export function freshPostgresForSuite(): { readonly db: Database; readonly url: string } {
  let fresh: FreshPostgres | undefined;
  beforeAll(async () => {
    fresh = await openFreshPostgres();
  });
  afterAll(async () => {
    await fresh?.close();
  });
  const opened = () => {
    if (!fresh) throw new Error('the test database is opened in beforeAll: read it inside a test');
    return fresh;
  };
  return {
    get db() {
      return opened().db;
    },
    get url() {
      return opened().url;
    },
  };
}

/**
 * `suite` on each database of the pool road (sql.ts), as describe blocks titled `title`, then
 * the database: a new PostgreSQL database (when a server answers; see serverSuite) and a new
 * PGlite folder. Each is opened before the block's tests, emptied before each test, closed
 * and removed after them; `db()` reads it inside a test.
 */
export async function onPoolDatabases(title: string, suite: (db: () => Database) => void): Promise<void> {
  const postgres = await serverSuite('PostgreSQL', `${title}, PostgreSQL`);
  describe.skipIf(!postgres)(`${title}, PostgreSQL`, () => {
    const fresh = freshPostgresForSuite();
    beforeEach(() => truncateAll(fresh.db));
    suite(() => fresh.db);
  });
  describe(`${title}, the PGlite folder`, () => {
    let temp: string | undefined;
    let opened: Database | undefined;
    beforeAll(async () => {
      temp = mkdtempSync(path.join(tmpdir(), 'handoff-pool-road-'));
      opened = await openDatabase({ kind: 'pglite', dataDir: temp });
    });
    afterAll(async () => {
      await opened?.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    });
    const db = () => {
      if (!opened) throw new Error('the database is opened in beforeAll: read it inside a test');
      return opened;
    };
    beforeEach(() => truncateAll(db()));
    suite(db);
  });
}
