// Sharing one database across the tests of a file: PGlite takes seconds to start, so a file
// opens one and each test starts from empty tables instead.

import type { Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';

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
