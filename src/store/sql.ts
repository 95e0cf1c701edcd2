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
export function poolSql(pool: pg.Pool, { sharedSession = false }: PoolOptions = {}): PoolSql {
  const session: Session = sharedSession ? new Set() : undefined;
  const run = (text: string, params: unknown[]) => {
    const query = toQuery(text, params);
    return isNamed(query)
      ? withClient(pool, (client) => runNamed(client, query, session))
      : pool.query(query);
  };
  const alone = sqlOf(run);
  return {
    ...alone,
    transaction: (fn, options) => poolTransaction(pool, session, fn, options),
    deferredTransaction: (fn, options) => deferredTransaction(pool, session, alone, fn, options),
  };
}

export interface PoolOptions {
  /**
   * Every connection of the pool is served by one database session (the PGlite folder's
   * socket server): a statement one connection prepared is prepared for all of them.
   */
  sharedSession?: boolean;
}

/** The statements prepared in the one session of a shared-session pool; else undefined. */
type Session = Set<string> | undefined;

/** The pool road, which can also run a transaction of its own on one of its connections. */
export interface PoolSql extends Sql {
  transaction<T>(fn: (sql: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * A transaction begun only when `fn` asks for it (`begin`): until then each statement runs
   * alone, on any connection (deferredTransaction below).
   */
  deferredTransaction<T>(fn: (sql: DeferredSql) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** Statements alone until `begin`, then in one transaction, committed when `fn` resolves. */
export interface DeferredSql extends Sql {
  /** Begins the transaction (once; later calls do nothing): every statement after it is in it. */
  begin(): Promise<void>;
  readonly begun: boolean;
}

export interface TransactionOptions {
  /** How long the transaction may run before it is rolled back rather than committed. */
  timeoutMs?: number;
}

type Run = (text: string, params: unknown[]) => Promise<pg.QueryResult>;

function sqlOf(run: Run): Sql {
  return {
    query: async <Row>(text: string, params: unknown[] = []) => (await run(text, params)).rows as Row[],
    execute: async (text, params = []) => (await run(text, params)).rowCount ?? 0,
  };
}

type NamedQuery = pg.QueryConfig & { name: string };

const isNamed = (query: pg.QueryConfig): query is NamedQuery => query.name !== undefined;

function toQuery(text: string, params: unknown[]): pg.QueryConfig | NamedQuery {
  const name = statementName(text);
  const values = params.map(toParam);
  return name ? { name, text, values, types: UTC_TYPES } : { text, values, types: UTC_TYPES };
}

/**
 * Runs `use` on a connection of its own; what pool.query does (a client whose connection
 * failed is not reused), for what pool.query cannot run: named statements, transactions.
 * After a throw the connection is reused if `use` said it is fit (`fit`), or else if the
 * error was the server's about a statement (a conflict, a refusal): the session goes on.
 */
async function withClient<T>(
  pool: pg.Pool,
  use: (client: pg.PoolClient, fit: (reusable: boolean) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  let reusable: boolean | undefined;
  // A connection lost while checked out: its query fails below; the event must not go unheard.
  const lost = (error: Error) => (failure = error);
  client.on('error', lost);
  try {
    return await use(client, (verdict) => (reusable = verdict));
  } catch (error) {
    if (!(reusable ?? error instanceof pg.DatabaseError)) failure ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', lost);
    client.release(failure);
  }
}

/** `beforeRetry`: what must be undone before the statement runs again (a savepoint's rollback). */
async function runNamed(
  client: pg.PoolClient,
  query: NamedQuery,
  session: Session,
  beforeRetry?: () => Promise<unknown>,
): Promise<pg.QueryResult> {
  if (session?.has(query.name)) notePrepared(client, query);
  let result: pg.QueryResult;
  try {
    result = await client.query(query);
  } catch (error) {
    // The embedded database serves every connection from one session (pglite-socket), so
    // another connection may have prepared this very statement there already.
    if (!(isAlreadyPrepared(error) && notePrepared(client, query))) throw error;
    await beforeRetry?.();
    result = await client.query(query);
  }
  session?.add(query.name);
  return result;
}

/**
 * In a transaction, a statement's first use in a shared session may meet "already prepared"
 * (another connection prepared it a moment ago), which would abort the transaction: so that
 * first use runs inside a savepoint, rolled back to on that one error before running again.
 */
async function runNamedInTransaction(
  client: pg.PoolClient,
  query: NamedQuery,
  session: Session,
): Promise<pg.QueryResult> {
  if (session === undefined || session.has(query.name)) return runNamed(client, query, session);
  await client.query('SAVEPOINT handoff_first_use');
  const result = await runNamed(client, query, session, () =>
    client.query('ROLLBACK TO SAVEPOINT handoff_first_use'),
  );
  await client.query('RELEASE SAVEPOINT handoff_first_use');
  return result;
}

/** Our statements on one connection: those of a transaction on it. */
function transactionSql(client: pg.PoolClient, session: Session): Sql {
  return sqlOf((text, params) => {
    const query = toQuery(text, params);
    return isNamed(query) ? runNamedInTransaction(client, query, session) : client.query(query);
  });
}

/**
 * BEGIN, `fn` on that connection, COMMIT; ROLLBACK when `fn` throws or took longer than
 * `timeoutMs`. The road of every command's transaction on PostgreSQL and the PGlite folder
 * (issue 13: handoff pairs per second): Prisma's interactive transactions cost a pass
 * through its client runtime for each statement and for BEGIN and COMMIT themselves.
 */
async function poolTransaction<T>(
  pool: pg.Pool,
  session: Session,
  fn: (sql: Sql) => Promise<T>,
  { timeoutMs }: TransactionOptions = {},
): Promise<T> {
  return withClient(pool, async (client, fit) => {
    const began = performance.now();
    await client.query('BEGIN');
    let result: T;
    try {
      result = await fn(transactionSql(client, session));
      if (timeoutMs !== undefined && performance.now() - began > timeoutMs) {
        throw new Error(`The transaction took longer than ${timeoutMs} ms and was rolled back.`);
      }
    } catch (error) {
      // Rolled back, the connection is as good as new; one that cannot even roll back is not.
      fit(
        await client.query('ROLLBACK').then(
          () => true,
          () => false,
        ),
      );
      throw error;
    }
    const committed = await client.query('COMMIT');
    // PostgreSQL answers COMMIT of a transaction a failed statement aborted with ROLLBACK.
    if (committed.command === 'ROLLBACK') {
      fit(true); // ended all the same
      throw new Error('The transaction was rolled back: one of its statements had failed.');
    }
    return result;
  });
}

/**
 * `fn`'s statements run alone (autocommit) until it calls `begin`; from then on, in one
 * transaction on one connection, committed when `fn` resolves and rolled back when it
 * throws. A command that reads and then writes in one statement never begins one: its
 * BEGIN and COMMIT were two of its four round trips (issue 13: handoff pairs per second).
 * Under READ COMMITTED, which every transaction here runs at, a read inside a transaction
 * sees what one outside it would: only writes take locks. So the reads before the first
 * write lose nothing by running alone; what a command decided on them is checked by its
 * writes (the incident's version: prisma-store.ts).
 */
async function deferredTransaction<T>(
  pool: pg.Pool,
  session: Session,
  alone: Sql,
  fn: (sql: DeferredSql) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  let begun: Promise<void> | undefined;
  let current: Sql = alone;
  let finished!: (outcome: { result: T } | { error: unknown }) => void;
  const outcome = new Promise<{ result: T } | { error: unknown }>((resolve) => (finished = resolve));
  let transaction: Promise<T> | undefined;
  const deferred: DeferredSql = {
    query: (text, params) => current.query(text, params),
    execute: (text, params) => current.execute(text, params),
    get begun() {
      return current !== alone;
    },
    begin() {
      begun ??= new Promise<void>((ready, failed) => {
        // The transaction runs until `fn` settles: poolTransaction commits or rolls back then.
        transaction = poolTransaction(
          pool,
          session,
          async (sql) => {
            current = sql;
            ready();
            const settled = await outcome;
            if ('error' in settled) throw settled.error;
            return settled.result;
          },
          options,
        );
        transaction.catch(failed);
      });
      return begun;
    },
  };
  let result: T;
  try {
    result = await fn(deferred);
  } catch (error) {
    finished({ error });
    if (transaction) await transaction.catch(() => undefined);
    throw error;
  }
  finished({ result });
  return transaction ? transaction : result;
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

/** `$from, $from+1, …`: `n` numbered parameters, for an `IN (…)` list (never empty: callers check). */
export function placeholders(n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
}

/**
 * ` WHERE a AND b` of the conditions given (`false` ones left out), each `$?` numbered in
 * turn with its value; empty when none is. Conditions are constants in the callers.
 */
export function whereClause(conditions: Array<false | [condition: string, value: unknown]>): {
  where: string;
  params: unknown[];
} {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const condition of conditions) {
    if (condition === false) continue;
    params.push(condition[1]);
    parts.push(condition[0].replace('$?', `$${params.length}`));
  }
  return { where: parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * A table's rows of one status due by a time (each filter optional), by that time then by
 * key, at most `limit`: the list the deadlines and the outbox both answer.
 */
export function listDue<Row>(
  sql: Sql,
  table: { name: string; statusType: string; time: string; key: string },
  {
    status,
    dueBy,
    limit,
  }: { status?: string | undefined; dueBy?: Date | undefined; limit?: number | undefined },
): Promise<Row[]> {
  const { where, params } = whereClause([
    status !== undefined && [`"status" = $?::text::"${table.statusType}"`, status],
    dueBy !== undefined && [`"${table.time}" <= $?::timestamp(3)`, dueBy],
  ]);
  const take = limit ? ` LIMIT $${params.push(limit)}::int` : '';
  return sql.query<Row>(
    `SELECT * FROM "${table.name}"${where} ORDER BY "${table.time}", "${table.key}"${take}`,
    params,
  );
}
