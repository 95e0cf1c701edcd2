// Our own SQL statements (raw-writes.ts, incident-read.ts) and the two roads they take to
// the database: Prisma's raw queries, inside its interactive transactions; or, for a
// statement that runs alone (Store.autocommit), straight on the pg pool that Prisma's
// adapter draws its connections from. Prisma's client runtime turns even a raw query into
// a plan it interprets and converts each argument and column on the way (about a fifth of
// the main thread's time on a status request, profiled); the pool skips all of that.

import { createHash } from 'node:crypto';
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
  const run = (text: string, params: unknown[]) => {
    const name = statementName(text);
    const values = params.map(toParam);
    return name
      ? runPrepared(pool, { name, text, values, types: UTC_TYPES })
      : pool.query({ text, values, types: UTC_TYPES });
  };
  return {
    query: async <Row>(text: string, params: unknown[] = []) => (await run(text, params)).rows as Row[],
    execute: async (text, params = []) => (await run(text, params)).rowCount ?? 0,
  };
}

type NamedQuery = pg.QueryConfig & { name: string };

/** What pool.query does (a client whose query failed is not reused), for a named statement. */
async function runPrepared(pool: pg.Pool, query: NamedQuery): Promise<pg.QueryResult> {
  const client = await pool.connect();
  let failure: Error | undefined;
  // A connection lost while checked out: its query fails below; the event must not go unheard.
  const lost = (error: Error) => (failure = error);
  client.on('error', lost);
  try {
    try {
      return await client.query(query);
    } catch (error) {
      // The embedded database serves every connection from one session (pglite-socket), so
      // another connection may have prepared this very statement there already.
      if (!(isAlreadyPrepared(error) && notePrepared(client, query))) throw error;
      return await client.query(query);
    }
  } catch (error) {
    failure ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', lost);
    client.release(failure);
  }
}

const isAlreadyPrepared = (error: unknown) => (error as { code?: unknown }).code === '42P05';

/** Tells pg the statement is prepared on this connection, so it binds it rather than parsing it again. */
function notePrepared(client: pg.PoolClient, query: NamedQuery): boolean {
  const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
    .connection?.parsedStatements;
  if (!parsed) return false;
  parsed[query.name] = query.text;
  return true;
}

/**
 * Statements on the pool are prepared once per connection, by name, and then only bound
 * and run: the server parses and plans a statement the first time a connection sees it.
 * Ours are few and fixed (an incident's read, a key's claim, a room's lookup, a delivery's
 * claim and settle, a platform reference), sent hundreds of times a minute under load.
 * A status request's two (claim the key, read the incident), 400 in a row, four interleaved
 * rounds: on the PGlite folder 2.65/1.92/1.65/1.43 → 1.46/0.99/0.92/1.07 ms each, process
 * CPU (PGlite's thread included) 3.17/2.25/1.71/1.51 → 1.77/1.02/0.89/1.09 ms; on
 * PostgreSQL 2.78/2.19/2.02/2.18 → 1.55/1.42/1.27/1.31 ms. The name is the text's hash,
 * so every pool and process agrees on it; past MAX_PREPARED distinct texts (a statement
 * whose text varies, such as a multi-row insert) the rest run unprepared, so neither this
 * map nor a connection's statements grow without bound.
 */
export const MAX_PREPARED = 200;
const names = new Map<string, string>();

export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_PREPARED) return known;
  const name = `handoff_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  names.set(text, name);
  return name;
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
