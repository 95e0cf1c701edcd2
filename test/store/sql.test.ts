// Issue 13: our raw statements that run alone go straight to the pg pool (src/store/sql.ts),
// skipping Prisma's client runtime. The rows must read and write exactly as through Prisma,
// on a machine whose local time is not UTC too: `timestamp(3)` columns hold UTC.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { insertRows } from '../../src/store/raw-writes.ts';
import { prismaSql, type Sql } from '../../src/store/sql.ts';
import { openFreshPostgres } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';

interface Opened {
  db: Database;
  close(): Promise<void>;
}

function onThePool(name: string, open: () => Promise<Opened>) {
  describe(`raw statements straight on the pool, ${name}`, () => {
    let opened: Opened;
    let db: Database;
    const zone = process.env.TZ;
    beforeAll(async () => {
      opened = await open();
      db = opened.db;
      process.env.TZ = 'Pacific/Chatham'; // UTC+13:45: any slip between local time and UTC shows
    }, 60_000);
    afterAll(async () => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
      await opened?.close();
    });

    const KEY_COLUMNS = [
      { name: 'key' as const, cast: 'text' },
      { name: 'processedAt' as const, cast: 'timestamp(3)' },
    ];

    it('writes and reads a UTC time as Prisma does, in a non-UTC local zone', async () => {
      expect(new Date(0).getTimezoneOffset()).not.toBe(0);
      const pool = db.sql!;
      expect(pool).toBeDefined();
      const at = new Date('2026-12-02T04:05:06.789Z');
      await insertRows(pool, 'ProcessedKey', KEY_COLUMNS, [{ key: 'pool', processedAt: at }]);
      await insertRows(prismaSql(db.prisma), 'ProcessedKey', KEY_COLUMNS, [
        { key: 'prisma', processedAt: at },
      ]);

      const stored = await db.prisma.processedKey.findMany({ orderBy: { key: 'asc' } });
      expect(stored).toEqual([
        { key: 'pool', processedAt: at },
        { key: 'prisma', processedAt: at },
      ]);
      const read = (sql: Sql) =>
        sql.query<{ key: string; processedAt: Date }>(
          `SELECT "key", "processedAt" FROM "ProcessedKey" ORDER BY "key"`,
        );
      expect(await read(pool)).toEqual(await read(prismaSql(db.prisma)));
      expect((await read(pool))[0]!.processedAt).toEqual(at);
    });

    it('counts the rows a statement touched, and reads ints, booleans, text and JSON as Prisma does', async () => {
      const pool = db.sql!;
      expect(await pool.execute(`DELETE FROM "ProcessedKey" WHERE "key" = $1`, ['nothing'])).toBe(0);
      const sql = `SELECT $1::int AS "n", $2::boolean AS "b", $3::text AS "t", $4::jsonb AS "j", NULL::text AS "none"`;
      const params = [7, true, 'tea & "toast"', JSON.stringify({ a: [1, 'x'] })];
      const viaPool = await pool.query(sql, params);
      expect(viaPool).toEqual([{ n: 7, b: true, t: 'tea & "toast"', j: { a: [1, 'x'] }, none: null }]);
      expect(viaPool).toEqual(await prismaSql(db.prisma).query(sql, params));
    });

    it("rejects with PostgreSQL's own words on a bad statement, and the pool stays usable", async () => {
      await expect(db.sql!.query('SELECT nope FROM "ProcessedKey"')).rejects.toThrow(
        /column "nope" does not exist/,
      );
      expect(await db.sql!.query('SELECT 1 AS "one"')).toEqual([{ one: 1 }]);
    });
  });
}

onThePool('the PGlite folder (its own thread, reached over a socket)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'handoff-sql-'));
  const db = await openDatabase({ kind: 'pglite', dataDir: dir });
  return {
    db,
    async close() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

const postgres = await postgresAvailable();
describe.skipIf(!postgres)('PostgreSQL', () => {
  onThePool('PostgreSQL', async () => {
    return openFreshPostgres();
  });
});
