// Deliveries settled as sent, on their way to the database (issue 13: handoff pairs per
// second). A delivery made, its row is marked sent; that was a statement and a commit of its
// own after every notification, a quarter of the pairs bench's throughput on PostgreSQL.
// Now the mark waits here, and goes with the next command's statement (a sub-statement of
// its write batch, write-batch.ts) or, if no command writes within SETTLE_WITHIN_MS, alone,
// with any others waiting. Nothing is lost by the wait: the row stays claimed by this
// process's attempt (its lease), so no one else sends it meanwhile; a process that dies
// before the mark is written leaves the row to be sent again once the lease runs out, as
// one that died before its settle always did (at least once).

import type { Sql } from './sql.ts';
import type { BatchedWrite } from './write-batch.ts';

/** How long a mark may wait for a command's statement to ride on before it is sent alone. */
export const SETTLE_WITHIN_MS = 5;
/** After a failed send alone, the next try (the database is likely down: no hurry). */
const RETRY_AFTER_MS = 1_000;
/** Marks in one statement at most: each number of them is a statement of its own to prepare. */
const MAX_PER_STATEMENT = 16;

export interface Settle {
  id: string;
  at: Date;
}

/** What a transaction took from the queue: given back if it does not commit. */
export type Taken = Settle[];

export class SettleQueue {
  readonly #waiting = new Map<string, Date>();
  readonly #alone: Sql;
  readonly #withinMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> | undefined;
  #closed = false;

  /**
   * `alone`: the road for a send of its own, outside any transaction; `withinMs`: how long a
   * mark waits for a ride (tests that prove the ride make it long, so no timer wins a race).
   */
  constructor(alone: Sql, withinMs = SETTLE_WITHIN_MS) {
    this.#alone = alone;
    this.#withinMs = withinMs;
  }

  /** Marks the entry sent at `at`, soon. */
  add(id: string, at: Date): void {
    if (this.#closed) throw new Error('The store is closed.');
    this.#waiting.set(id, at);
    this.#schedule(this.#withinMs);
  }

  /**
   * The marks waiting, as a write for a batch about to be sent (or undefined when none
   * wait): taken from the queue, into `taken`, and given back should the batch fail.
   */
  rider(taken: Taken): BatchedWrite | undefined {
    const settles = this.#take();
    if (settles.length === 0) return undefined;
    taken.push(...settles);
    // Rows other than the batch's own (its new entries are inserted, these were sent):
    // a key of their own, so they go in the same statement as the batch's insert.
    return {
      table: 'OutboxEntry settled',
      ...settleStatement(settles),
      explain: () => this.restore(settles),
    };
  }

  /**
   * Sends the marks waiting through `sql` (a read of the outbox must see them), into
   * `taken` when `sql` is a transaction that may yet fail; those of a send that fails are
   * given back, and its error thrown.
   */
  async sendVia(sql: Sql, taken?: Taken): Promise<void> {
    const failed = await this.#drain(sql, taken);
    if (failed) {
      this.restore(failed.settles);
      throw failed.error;
    }
    // Marks a send alone took before this read are written only once that send is: wait.
    await this.#sending;
  }

  /** Gives marks back (their transaction did not commit), unless marked again since. */
  restore(settles: Settle[]): void {
    if (settles.length === 0 || this.#closed) return;
    this.#putBack(settles);
    this.#schedule(this.#withinMs);
  }

  /**
   * Sends what waits, then takes no more. A send that fails here is given up: the rows stay
   * claimed until their leases run out, and are then sent again (at least once).
   */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sending;
    this.#closed = true;
    await this.#drain(this.#alone); // a failure given up: see above
  }

  /**
   * Sends what waits through `sql`, a statement at a time, each one's marks into `taken`;
   * stops at the first send that fails and returns its marks and error (the rest still wait).
   */
  async #drain(sql: Sql, taken?: Taken): Promise<{ settles: Settle[]; error: unknown } | undefined> {
    for (let settles = this.#take(); settles.length > 0; settles = this.#take()) {
      taken?.push(...settles);
      try {
        await send(sql, settles);
      } catch (error) {
        return { settles, error };
      }
    }
    return undefined;
  }

  #putBack(settles: Settle[]): void {
    for (const { id, at } of settles) if (!this.#waiting.has(id)) this.#waiting.set(id, at);
  }

  /** The oldest marks waiting, up to MAX_PER_STATEMENT, taken out of the queue. */
  #take(): Settle[] {
    const settles: Settle[] = [];
    for (const [id, at] of this.#waiting) {
      if (settles.length === MAX_PER_STATEMENT) break;
      settles.push({ id, at });
    }
    for (const { id } of settles) this.#waiting.delete(id);
    return settles;
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // One send alone at a time, each after the one before.
      const sending: Promise<void> = (this.#sending ?? Promise.resolve())
        .then(() => this.#sendAlone())
        .finally(() => {
          if (this.#sending === sending) this.#sending = undefined;
        });
      this.#sending = sending;
    }, ms);
  }

  async #sendAlone(): Promise<void> {
    const failed = await this.#drain(this.#alone);
    if (failed) {
      this.#putBack(failed.settles);
      this.#schedule(RETRY_AFTER_MS);
    }
  }
}

async function send(sql: Sql, settles: Settle[]): Promise<void> {
  const { text, params } = settleStatement(settles);
  await sql.execute(text, params);
}

/**
 * One statement for up to MAX_PER_STATEMENT marks. Only a pending row is settled: one
 * settled since (a failure recorded, an export restored) stays as it is. A list of values
 * rather than arrays: the planner then knows how many rows it joins, so the plan it keeps
 * for the prepared statement is the one-row index scan (with an array it estimates ten,
 * finds that plan dearer than one made for the values given, and plans the whole statement,
 * a command's batch with it, anew at every execution: 15–25 % more of PostgreSQL's time).
 */
function settleStatement(settles: Settle[]): { text: string; params: unknown[] } {
  const rows = settles.map((_, i) => `($${2 * i + 1}::text, $${2 * i + 2}::timestamp(3))`);
  return {
    text:
      `UPDATE "OutboxEntry" AS o SET "status" = 'sent', "settledAt" = v."at" ` +
      `FROM (VALUES ${rows.join(', ')}) AS v("id", "at") ` +
      `WHERE o."id" = v."id" AND o."status" = 'pending'`,
    // ISO with its Z, as sql.ts sends a Date: the cast to a timestamp without zone ignores it.
    params: settles.flatMap((s) => [s.id, s.at.toISOString()]),
  };
}
