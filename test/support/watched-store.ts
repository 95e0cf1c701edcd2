// A store on a database's pool whose statements are kept, with whether each ran in a
// transaction: what the tests of issue 13's statement counts read (one-statement-commands,
// settle-queue).

import type { Database } from '../../src/store/database.ts';
import { createPrismaStore, type PrismaStoreOptions } from '../../src/store/prisma-store.ts';
import type { DeferredSql, Sql } from '../../src/store/sql.ts';

export interface SentStatement {
  text: string;
  inTransaction: boolean;
}

/**
 * `hooks.afterRead` runs once, right after the next read of an incident comes back (before
 * its command writes). Closing the store leaves the database open.
 */
export function watchedStore(db: Database, options: PrismaStoreOptions = {}) {
  const sql = db.sql!;
  const sent: SentStatement[] = [];
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
  const store = createPrismaStore({ ...db, sql: watched, close: async () => {} }, options);
  return { store, sent, hooks };
}
