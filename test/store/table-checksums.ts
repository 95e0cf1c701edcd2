// A checksum of every row of every table, to prove a refused import changed nothing at all.

import type { Database } from '../../src/store/database.ts';

/** Table name → md5 of its rows in a stable order (the migration history included). */
export async function tableChecksums(db: Pick<Database, 'prisma'>): Promise<Record<string, string>> {
  const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  const sums: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await db.prisma.$queryRawUnsafe<{ sum: string; rows: bigint | number }[]>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum, count(*) AS rows FROM "${tablename}" t`,
    );
    sums[tablename] = `${String(row!.rows)} rows ${row!.sum}`;
  }
  return sums;
}
