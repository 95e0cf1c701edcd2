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
}

export interface WriteBatch {
  /** Queues the write (deferred), or runs it now (not deferred). */
  add(write: BatchedWrite): Promise<void>;
  /** Sends whatever waits; a no-op when nothing does. */
  flush(): Promise<void>;
  /** Sends whatever waits if a write to `table` does: for a read of that table only. */
  flushFor(table: string): Promise<void>;
}

/** `deferred`: hold writes until `flush` (in a transaction); else each runs as it is added. */
export function createWriteBatch(sql: Sql, { deferred }: { deferred: boolean }): WriteBatch {
  let pending: BatchedWrite[] = [];
  let parameters = 0;

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    parameters = 0;
    let counts: number[];
    try {
      counts = await send(sql, batch);
    } catch (error) {
      for (const write of batch) write.explain?.(error);
      throw error;
    }
    batch.forEach((write, i) => write.check?.(counts[i]!));
  }

  return {
    async add(write) {
      const full = parameters + write.params.length > MAX_PARAMETERS;
      if (full || pending.some((p) => p.table === write.table)) await flush();
      pending.push(write);
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

async function send(sql: Sql, batch: BatchedWrite[]): Promise<number[]> {
  if (batch.length === 1) return [await sql.execute(batch[0]!.text, batch[0]!.params)];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [i, write] of batch.entries()) {
    parts.push(`s${i} AS (${renumber(write.text, params.length)} RETURNING 1)`);
    params.push(...write.params);
  }
  const counts = batch.map((_, i) => `(SELECT count(*) FROM s${i})::int AS "c${i}"`);
  const [row] = await sql.query<Record<string, number>>(
    `WITH ${parts.join(', ')} SELECT ${counts.join(', ')}`,
    params,
  );
  return batch.map((_, i) => row![`c${i}`]!);
}

/** `$1 … $n` → `$(1 + offset) …`: our statements hold no `$` but their parameters'. */
function renumber(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
