// The platform references of the Store port (see ports.ts): one row per (platform, key), its
// value an adapter's JSON. Each method is one statement, on the caller's transaction or alone.
// Raw SQL (raw-writes.ts): a Slack button press reads one, and every status refresh reads and
// writes them, so alone they take the pool road (sql.ts) rather than Prisma's runtime.

import type { PlatformRefRows, PlatformRefValue } from '../app/ports.ts';
import { insertRows, insertStatement, replaceOnConflict, type Column } from './raw-writes.ts';
import type { Sql } from './sql.ts';

function toValue(json: unknown): PlatformRefValue {
  // Written only by savePlatformRef / insertPlatformRef, always from an object.
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as PlatformRefValue) : {};
}

/** A row as written: the value is sent as JSON text (raw-writes.ts). */
interface Row {
  platform: string;
  key: string;
  value: PlatformRefValue;
  updatedAt: Date;
}

const COLUMNS: Array<Column<Row>> = [
  { name: 'platform', cast: 'text' },
  { name: 'key', cast: 'text' },
  { name: 'value', cast: 'jsonb' },
  { name: 'updatedAt', cast: 'timestamp(3)' },
];

/** Replaces the value and its time of a (platform, key) that exists. */
const REPLACE = replaceOnConflict(COLUMNS, ['platform', 'key']);

export function prismaPlatformRefMethods(sql: Sql): PlatformRefRows {
  const where = `WHERE "platform" = $1 AND "key" = $2`;
  return {
    async loadPlatformRef(platform, key) {
      const [row] = await sql.query<{ value: unknown }>(`SELECT "value" FROM "PlatformRef" ${where}`, [
        platform,
        key,
      ]);
      return row ? toValue(row.value) : null;
    },
    async savePlatformRef(platform, key, value, at) {
      await insertRows(sql, 'PlatformRef', COLUMNS, [{ platform, key, value, updatedAt: at }], {
        onConflict: REPLACE,
      });
    },
    async insertPlatformRef(platform, key, value, at) {
      // ON CONFLICT DO NOTHING: of two processes racing to post a status, one wins.
      const rows = [{ platform, key, value, updatedAt: at }];
      return (
        (await insertRows(sql, 'PlatformRef', COLUMNS, rows, { onConflict: 'ON CONFLICT DO NOTHING' })) === 1
      );
    },
    async leasePlatformRef(platform, key, value, at, staleBefore) {
      // Inserted, or the row replaced only when it was written before staleBefore: of two
      // processes taking a lease at once, the row lock makes the second see the first's time.
      const { text, params } = insertStatement(
        'PlatformRef',
        COLUMNS,
        [{ platform, key, value, updatedAt: at }],
        {
          onConflict: `${REPLACE} WHERE "PlatformRef"."updatedAt" < $${COLUMNS.length + 1}::timestamp(3)`,
        },
      );
      return (await sql.execute(text, [...params, staleBefore])) === 1;
    },
    async deletePlatformRef(platform, key) {
      await sql.execute(`DELETE FROM "PlatformRef" ${where}`, [platform, key]);
    },
  };
}
