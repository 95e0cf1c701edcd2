// Issue 13: a command's transaction runs straight on the pg pool (sql.ts), not as Prisma's
// interactive transaction. It commits what it wrote, keeps nothing of a throw, never commits
// after a failed statement, rolls back when it ran too long, and gives its connection back
// clean after a rollback rather than throwing it away.

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { poolSql, type PoolSql } from '../../src/store/sql.ts';
import { freshPostgresForSuite } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('a transaction on the pool, PostgreSQL', () => {
  const fresh = freshPostgresForSuite();
  const CLAIM = `INSERT INTO "ProcessedKey" ("key", "processedAt") VALUES ($1, $2::timestamp(3))`;
  const at = new Date('2026-03-02T08:00:00.123Z');

  async function withPool(use: (sql: PoolSql, pool: pg.Pool) => Promise<void>) {
    const pool = new pg.Pool({ connectionString: fresh.url, max: 1 }); // one connection, to watch
    try {
      await use(poolSql(pool), pool);
    } finally {
      await pool.end();
    }
  }
  const keys = (sql: PoolSql) =>
    sql
      .query<{ key: string }>(`SELECT "key" FROM "ProcessedKey" ORDER BY "key"`)
      .then((r) => r.map((k) => k.key));

  it('commits what it wrote and returns what its function returned', async () => {
    await withPool(async (sql) => {
      const result = await sql.transaction(async (tx) => {
        await tx.execute(CLAIM, ['commit:a', at]);
        return tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ProcessedKey" WHERE "key" = $1`, [
          'commit:a',
        ]);
      });
      expect(result).toEqual([{ n: 1 }]);
      expect(await keys(sql)).toContain('commit:a');
    });
  });

  it('keeps nothing of a throw, and its connection serves the next transaction', async () => {
    await withPool(async (sql, pool) => {
      await sql.query('SELECT 1');
      const [before] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await expect(
        sql.transaction(async (tx) => {
          await tx.execute(CLAIM, ['throw:a', at]);
          throw new Error('the command refused');
        }),
      ).rejects.toThrow('the command refused');
      expect(await keys(sql)).not.toContain('throw:a');
      const [after] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).toBe(before?.pid); // rolled back cleanly: the same connection, not a new one
      expect(pool.totalCount).toBe(1);
    });
  });

  it('does not commit after a failed statement, even when its function went on', async () => {
    await withPool(async (sql) => {
      const [before] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await expect(
        sql.transaction(async (tx) => {
          await tx.execute(CLAIM, ['failed:a', at]);
          await tx.execute(CLAIM, ['failed:a', at]).catch(() => 0); // duplicate key, swallowed
        }),
      ).rejects.toThrow(/rolled back/);
      expect(await keys(sql)).not.toContain('failed:a');
      expect(await sql.transaction((tx) => tx.execute(CLAIM, ['failed:b', at]))).toBe(1);
      const [after] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).toBe(before?.pid); // that transaction ended too: its connection was kept
    });
  });

  it('rolls back rather than commits when it ran longer than its timeout', async () => {
    await withPool(async (sql) => {
      await expect(
        sql.transaction(
          async (tx) => {
            await tx.execute(CLAIM, ['slow:a', at]);
            await new Promise((resolve) => setTimeout(resolve, 60));
          },
          { timeoutMs: 20 },
        ),
      ).rejects.toThrow('The transaction took longer than 20 ms and was rolled back.');
      expect(await keys(sql)).not.toContain('slow:a');
    });
  });

  describe('deferred (begun only when asked)', () => {
    it('runs each statement alone until it begins: what one wrote stays, whatever follows', async () => {
      await withPool(async (sql) => {
        await expect(
          sql.deferredTransaction(async (tx) => {
            expect(tx.begun).toBe(false);
            await tx.execute(CLAIM, ['alone:a', at]);
            throw new Error('the command refused');
          }),
        ).rejects.toThrow('the command refused');
        expect(await keys(sql)).toContain('alone:a');
      });
    });

    it('from `begin` on, commits together when its function resolves', async () => {
      await withPool(async (sql) => {
        const result = await sql.deferredTransaction(async (tx) => {
          await tx.begin();
          await tx.begin(); // once only
          expect(tx.begun).toBe(true);
          await tx.execute(CLAIM, ['begun:a', at]);
          await tx.execute(CLAIM, ['begun:b', at]);
          const [xids] = await tx.query<{ a: string; b: string }>(
            `SELECT min(xmin::text) AS a, max(xmin::text) AS b FROM "ProcessedKey" WHERE "key" LIKE 'begun:%'`,
          );
          return xids!;
        });
        expect(result.a).toBe(result.b); // one transaction wrote both
        expect(await keys(sql)).toEqual(expect.arrayContaining(['begun:a', 'begun:b']));
      });
    });

    it('from `begin` on, keeps nothing of a throw, and its connection serves the next one', async () => {
      await withPool(async (sql, pool) => {
        await expect(
          sql.deferredTransaction(async (tx) => {
            await tx.begin();
            await tx.execute(CLAIM, ['begun:c', at]);
            throw new Error('the command refused');
          }),
        ).rejects.toThrow('the command refused');
        expect(await keys(sql)).not.toContain('begun:c');
        expect(pool.totalCount).toBe(1);
        expect(await sql.deferredTransaction((tx) => tx.execute(CLAIM, ['begun:d', at]))).toBe(1);
      });
    });

    it('a failed commit fails the whole', async () => {
      await withPool(async (sql) => {
        await expect(
          sql.deferredTransaction(async (tx) => {
            await tx.begin();
            await tx.execute(CLAIM, ['begun:e', at]);
            await tx.execute(CLAIM, ['begun:e', at]).catch(() => 0); // duplicate key, swallowed
          }),
        ).rejects.toThrow(/rolled back/);
        expect(await keys(sql)).not.toContain('begun:e');
      });
    });
  });
});
