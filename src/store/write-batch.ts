// A command's writes in one round trip (issue 13: handoff pairs per second). Inside a
// transaction, the writes that return nothing the command needs (the incident's conditional
// update, its events, the projection rows that changed, the deadlines it arms, its outbox
// entries) wait here, and go to the database as one statement of data-modifying CTEs
// (`WITH s0 AS (UPDATE … RETURNING 1), s1 AS (INSERT … RETURNING 1) SELECT count(*) …`) at
// the next read or at commit. A handoff was 5 statements between its read and its commit;
// now 1.
// Sub-statements of one statement all see the snapshot from before it and must not touch
// the same row twice, so a batch holds one statement per table: a second one for the same
// table sends the batch first. Each keeps its own check of how many rows it touched, and
// its own reading of a failure, run when the batch has been sent.

import {
  insertStatements,
  MAX_PARAMETERS,
  type Column,
  type InsertOptions,
  type Statement,
} from './raw-writes.ts';
import type { Sql } from './sql.ts';

export interface BatchedWrite extends Statement {
  /** The table the statement writes: one statement per table in a batch. */
  table: string;
  /** Called with how many rows the statement touched; may throw (a version no longer matched). */
  check?: (count: number) => void;
  /** Called with a failure of the batch; throws its own error when the failure is its to name. */
  explain?: (error: unknown) => void;
  /**
   * How many rows the statement must touch, checked by the statement itself: otherwise it
   * fails with division_by_zero (GUARD_FAILED) and nothing of the batch is written. What
   * lets a batch sent alone, outside a transaction, be conditional on a version.
   */
  expect?: number;
  /** Called once the batch is sent, with the id of the transaction that wrote it. */
  sent?: (xid: string) => void;
  /** Called once the batch is sent, with the rows the statement touched (`RETURNING *`, as JSON). */
  returning?: (rows: Array<Record<string, unknown>>) => void;
  /**
   * Sent before the batch's other writes: rows that a concurrent transaction locks before
   * the incident (a firing deadline) are locked first here too, so neither waits on the other.
   */
  first?: boolean;
}

/** The SQLSTATE of a batch whose write touched other than the rows it `expect`ed (division_by_zero). */
export const GUARD_FAILED = '22012';

export interface WriteBatch {
  /** Queues the write (deferred), or runs it now (not deferred). */
  add(write: BatchedWrite): Promise<void>;
  /**
   * Sends whatever waits; a no-op when nothing does. `last`: these are the transaction's
   * last writes, so `beforeSend` is not needed for them.
   */
  flush(options?: { last?: boolean }): Promise<void>;
  /** Sends whatever waits if a write to `table` does: for a read of that table only. */
  flushFor(table: string): Promise<void>;
}

export interface BatchOptions {
  /** Hold writes until `flush` (in a transaction); else each runs as it is added. */
  deferred: boolean;
  /**
   * Called before a send that more statements may follow (every one but the `last` flush):
   * a deferred transaction begins there (prisma-store.ts), so that only a command whose
   * writes all go in one statement runs without one.
   */
  beforeSend?: () => Promise<void>;
  /**
   * Asked at the `last` flush of writes, for one more to go with them: the deliveries
   * settled since (settle-queue.ts), which then cost no statement of their own.
   */
  rider?: () => BatchedWrite | undefined;
}

export function createWriteBatch(sql: Sql, { deferred, beforeSend, rider }: BatchOptions): WriteBatch {
  let pending: BatchedWrite[] = [];
  let parameters = 0;

  async function flush({ last = false }: { last?: boolean } = {}): Promise<void> {
    if (pending.length === 0) return;
    if (!last) await beforeSend?.();
    const extra = last ? rider?.() : undefined;
    if (extra) pending.push(extra);
    const batch = pending;
    pending = [];
    parameters = 0;
    let sent: Sent;
    try {
      sent = await send(sql, batch);
    } catch (error) {
      for (const write of batch) write.explain?.(error);
      throw error;
    }
    batch.forEach((write, i) => write.check?.(sent.counts[i]!));
    if (sent.xid !== null) for (const write of batch) write.sent?.(sent.xid);
    batch.forEach((write, i) => write.returning?.(sent.rows[i]!));
  }

  return {
    async add(write) {
      const full = parameters + write.params.length > MAX_PARAMETERS;
      if (full || pending.some((p) => p.table === write.table)) await flush();
      if (write.first) pending.unshift(write);
      else pending.push(write);
      parameters += write.params.length;
      if (!deferred) await flush();
    },
    flush,
    flushFor: (table) => (pending.some((p) => p.table === table) ? flush() : Promise.resolve()),
  };
}

/**
 * The INSERT of `rows` into the batch: one statement, or (past the parameter limit: a
 * restore, never a command) several, each sent before the next as they share a table.
 * `explain` reads a failure (BatchedWrite.explain).
 */
export async function addInsert<Row>(
  batch: WriteBatch,
  table: string,
  columns: Column<Row>[],
  rows: Row[],
  options: InsertOptions & Pick<BatchedWrite, 'explain'> = {},
): Promise<void> {
  const { explain, ...insert } = options;
  for (const statement of insertStatements(table, columns, rows, insert)) {
    await batch.add({ table, ...statement, ...(explain ? { explain } : {}) });
  }
}

interface Sent {
  counts: number[];
  /** Each write's rows, for those that asked (`returning`); else empty. */
  rows: Array<Array<Record<string, unknown>>>;
  /** The writing transaction's id, when a write asked for it (`sent`). */
  xid: string | null;
}

async function send(sql: Sql, batch: BatchedWrite[]): Promise<Sent> {
  const only = batch.length === 1 ? batch[0]! : undefined;
  if (only && only.expect === undefined && only.sent === undefined && only.returning === undefined) {
    return { counts: [await sql.execute(only.text, only.params)], rows: [[]], xid: null };
  }
  const withXid = batch.some((write) => write.sent !== undefined);
  const params = batch.flatMap((write) => write.params);
  const [row] = await sql.query<Record<string, number | string>>(batchText(batch, withXid), params);
  return {
    counts: batch.map((_, i) => row![`c${i}`] as number),
    rows: batch.map((write, i) =>
      write.returning ? (JSON.parse(row![`r${i}`] as string) as Array<Record<string, unknown>>) : [],
    ),
    xid: withXid ? (row!['xid'] as string) : null,
  };
}

/**
 * The statement of a batch of this shape: built once, then reused (issue 13). A command
 * sends the same few shapes again and again; renumbering each write's parameters with a
 * regular expression took 2.8 % of the handoff pairs bench's thread, and hashing a string
 * built anew for the prepared statement's name (sql.ts) another 1 %. Texts hold their
 * parameters, so the shape is the texts, the parameter counts and the flags; past
 * MAX_SHAPES (a restore's many-row inserts) the rest are built each time.
 */
const MAX_SHAPES = 200;
const shapes = new Map<string, string>();

function batchText(batch: BatchedWrite[], withXid: boolean): string {
  const key = `${withXid ? 'x' : ''}${batch
    .map((w) => `${w.returning ? 'r' : ''}${w.expect ?? ''}:${w.params.length}\u0001${w.text}`)
    .join('\u0000')}`;
  const known = shapes.get(key);
  if (known !== undefined) return known;
  const text = buildBatchText(batch, withXid);
  if (shapes.size < MAX_SHAPES) shapes.set(key, text);
  return text;
}

function buildBatchText(batch: BatchedWrite[], withXid: boolean): string {
  const parts: string[] = [];
  const columns: string[] = [];
  let offset = 0;
  for (const [i, write] of batch.entries()) {
    const returned = write.returning ? '*' : '1';
    parts.push(`s${i} AS (${renumber(write.text, offset)} RETURNING ${returned})`);
    offset += write.params.length;
    columns.push(`(SELECT count(*) FROM s${i})::int AS "c${i}"`);
    if (write.returning) columns.push(`(SELECT COALESCE(json_agg(s${i}), '[]') FROM s${i})::text AS "r${i}"`);
    // A count other than the expected one divides by zero (false::int): the statement fails.
    if (write.expect !== undefined) {
      columns.push(`1 / ((SELECT count(*) FROM s${i}) = ${write.expect})::int AS "g${i}"`);
    }
  }
  if (withXid) columns.push(`pg_current_xact_id()::xid::text AS "xid"`);
  return `WITH ${parts.join(', ')} SELECT ${columns.join(', ')}`;
}

/** `$1 … $n` → `$(1 + offset) …`: our statements hold no `$` but their parameters'. */
function renumber(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
