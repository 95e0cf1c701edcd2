// Issue 13: statements on the pg pool (sql.ts) are prepared once per connection by a name
// every process agrees on, then only bound and run, on PostgreSQL and on the PGlite folder
// (whose connections share one session, in transactions too); and no more than MAX_PREPARED distinct texts are
// ever prepared, so a statement whose text varies cannot grow them without bound.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { MAX_PREPARED, poolSql, statementName } from '../../src/store/sql.ts';
import { freshPostgresForSuite } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';

describe('prepared statement names', () => {
  it('are the same for the same text, in every pool, and differ between texts', () => {
    const read = 'SELECT "number" FROM "Incident" WHERE "number" = $1';
    expect(statementName(read)).toMatch(/^handoff_[\w-]{22}$/);
    expect(statementName(read)).toBe(statementName(`${read}`));
    expect(statementName(`${read} `)).not.toBe(statementName(read));
  });
});

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('statements on the pool, PostgreSQL', () => {
  const fresh = freshPostgresForSuite();

  it('are parsed once per connection and then bound by name, with the same rows each time', async () => {
    const pool = new pg.Pool({ connectionString: fresh.url, max: 1 }); // one connection: its session
    try {
      const sql = poolSql(pool);
      const claim = `INSERT INTO "ProcessedKey" ("key", "processedAt") VALUES ($1, $2::timestamp(3)) ON CONFLICT DO NOTHING`;
      const at = new Date('2026-03-02T08:00:00.123Z');
      expect(await sql.execute(claim, ['slack:a', at])).toBe(1);
      expect(await sql.execute(claim, ['slack:a', at])).toBe(0);
      expect(await sql.execute(claim, ['slack:b', at])).toBe(1);
      const prepared = await sql.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements ORDER BY statement',
      );
      expect(prepared.filter((p) => p.statement === claim)).toEqual([
        { name: statementName(claim), statement: claim },
      ]);
      const rows = await sql.query<{ key: string; processedAt: Date }>(
        'SELECT "key", "processedAt" FROM "ProcessedKey" ORDER BY "key"',
      );
      expect(rows).toEqual([
        { key: 'slack:a', processedAt: at },
        { key: 'slack:b', processedAt: at },
      ]);
    } finally {
      await pool.end();
    }
  });
});

describe('statements on the pool, the PGlite folder', () => {
  it('run on every connection although the embedded database has one session for all of them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'handoff-prepared-'));
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      // Prepared by whichever connection comes first; the others find it in the one session.
      const read = 'SELECT count(*)::int AS n FROM "Incident" WHERE "number" > $1';
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => db.sql!.query<{ n: number }>(read, [0])),
      );
      expect(answers).toEqual(Array.from({ length: 24 }, () => [{ n: 0 }]));

      // In transactions too, where "already prepared" would abort the transaction: each of
      // these texts is new, so every transaction's connection meets its first use at once.
      for (let round = 0; round < 3; round++) {
        const text = `SELECT count(*)::int AS n FROM "Incident" WHERE "number" > $1 AND ${round} = ${round}`;
        const committed = await Promise.all(
          Array.from({ length: 8 }, () =>
            db.sql!.transaction(async (sql) => {
              const [first] = await sql.query<{ n: number }>(text, [0]);
              const [again] = await sql.query<{ n: number }>(text, [0]);
              return [first, again];
            }),
          ),
        );
        expect(committed).toEqual(Array.from({ length: 8 }, () => [{ n: 0 }, { n: 0 }]));
      }
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the prepared statements cap', () => {
  // Last in this file: it fills the process's names.
  it('names no more than MAX_PREPARED distinct texts; those named keep their names', () => {
    const first = statementName('SELECT 1 AS capped_first');
    for (let i = 0; i < MAX_PREPARED; i++) statementName(`SELECT ${i} AS filler`);
    expect(statementName('SELECT 2 AS past_the_cap')).toBeUndefined();
    expect(statementName('SELECT 1 AS capped_first')).toBe(first);
  });
});
