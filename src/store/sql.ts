// Our own SQL statements (raw-writes.ts, incident-read.ts) and the two roads they take to
// the database: Prisma's raw queries, inside its interactive transactions; or, for a
// statement that runs alone (Store.autocommit), straight on the pg pool that Prisma's
// adapter draws its connections from. Prisma's client runtime turns even a raw query into
// a plan it interprets and converts each argument and column on the way (about a fifth of
// the main thread's time on a status request, profiled); the pool skips all of that.

import pg from 'pg';
import type { Prisma } from './generated/client.ts';

export interface Sql {
  /** The rows, one object per row keyed by column name. */
  query<Row>(text: string, params?: unknown[]): Promise<Row[]>;
  /** How many rows the statement affected. */
  execute(text: string, params?: unknown[]): Promise<number>;
}

export function prismaSql(tx: Prisma.TransactionClient): Sql {
  return {
    query: <Row>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<Row[]>(text, ...params),
    execute: (text, params = []) => tx.$executeRawUnsafe(text, ...params),
  };
}

const TIMESTAMP_OID = 1114;

/**
 * Values come back as Prisma's raw queries return them for the types our statements read
 * (text, int, boolean, json, `timestamp(3)`), so either road gives the same rows:
 * `timestamp(3)` holds UTC without a zone (Prisma's DateTime), which pg would read as local
 * time, and a Date sent to it must be its UTC time, which pg would write as local time.
 */
export function poolSql(pool: pg.Pool): Sql {
  const run = (text: string, params: unknown[]) =>
    pool.query({ text, values: params.map(toParam), types: UTC_TYPES });
  return {
    query: async <Row>(text: string, params: unknown[] = []) => (await run(text, params)).rows as Row[],
    execute: async (text, params = []) => (await run(text, params)).rowCount ?? 0,
  };
}

function toParam(value: unknown): unknown {
  // ISO with its Z: PostgreSQL ignores the zone when it casts to a timestamp without one.
  return value instanceof Date ? value.toISOString() : value;
}

const parseUtc = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);

const UTC_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID && format !== 'binary'
      ? parseUtc
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
