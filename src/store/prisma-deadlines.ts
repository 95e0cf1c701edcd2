// The deadline rows of the Store port (see ports.ts): the durable half of the timers. Every
// method runs on the caller's transaction, as our own SQL (sql.ts: either road).

import { z } from 'zod';
import type { DeadlineFilter, DeadlineRows, StoredDeadline } from '../app/ports.ts';
import type * as Db from './generated/client.ts';
import { replaceOnConflict, type Column, type Statement } from './raw-writes.ts';
import { parseJson, withDates } from './rows.ts';
import { compareDeadlines } from './save-rules.ts';
import { listDue, placeholders, type Sql } from './sql.ts';
import { addInsert, type WriteBatch } from './write-batch.ts';

const kindSchema = z.enum(['handoff.remind', 'handoff.escalate', 'update.remind', 'backup']);

export function toDeadline(row: Db.Deadline): StoredDeadline {
  const d: StoredDeadline = {
    key: row.key,
    kind: parseJson(kindSchema, row.kind, `kind of deadline ${row.key}`),
    at: row.at,
    status: row.status,
  };
  if (row.incidentNumber !== null) d.incidentNumber = row.incidentNumber;
  if (row.handoffNumber !== null) d.handoffNumber = row.handoffNumber;
  if (row.settledAt !== null) d.settledAt = row.settledAt;
  return d;
}

function deadlineData(d: StoredDeadline): Db.Deadline {
  return {
    key: d.key,
    kind: d.kind,
    at: d.at,
    incidentNumber: d.incidentNumber ?? null,
    handoffNumber: d.handoffNumber ?? null,
    status: d.status,
    settledAt: d.settledAt ?? null,
  };
}

const COLUMNS: Array<Column<Db.Deadline>> = [
  { name: 'key', cast: 'text' },
  { name: 'kind', cast: 'text' },
  { name: 'at', cast: 'timestamp(3)' },
  { name: 'incidentNumber', cast: 'int' },
  { name: 'handoffNumber', cast: 'int' },
  { name: 'status', cast: 'text::"DeadlineStatus"' },
  { name: 'settledAt', cast: 'timestamp(3)' },
];
const DEADLINES = { name: 'Deadline', statusType: 'DeadlineStatus', time: 'at', key: 'key' };

/** A deadline armed again (another time for the same key) replaces the row. */
const REPLACE = replaceOnConflict(COLUMNS, 'key');

/** `sql`: the caller's transaction, or alone; `batch`: where a command's writes wait (write-batch.ts). */
export function prismaDeadlineMethods(sql: Sql, batch: WriteBatch): DeadlineRows {
  return {
    async saveDeadlines(deadlines) {
      if (deadlines.length === 0) return;
      // One statement for all of them (a handoff arms two), with the command's other writes.
      await addInsert(batch, 'Deadline', COLUMNS, deadlines.map(deadlineData), { onConflict: REPLACE });
    },
    async cancelDeadlines(keys, at) {
      if (keys.length === 0) return [];
      // It reads what it cancels, so it must see the deadlines this transaction armed; but
      // not wait for its other writes, so the deadlines are locked before the incident, as a
      // firing deadline locks them. (A command's cancels go with its writes: the next method.)
      await batch.flushFor('Deadline');
      // One conditional update that returns what it cancelled.
      const { text, params } = cancelStatement(keys, at);
      const rows = await sql.query<Db.Deadline>(`${text} RETURNING *`, params);
      return rows.map(toDeadline).sort(compareDeadlines);
    },
    async cancelDeadlinesOnCommit(keys, at) {
      if (keys.length === 0) return () => [];
      let cancelled: StoredDeadline[] | undefined;
      // With the command's other writes, in its one statement (a handoff accepted: no
      // transaction around it); sent first, so the deadlines are locked before the incident.
      await batch.add({
        table: 'Deadline',
        ...cancelStatement(keys, at),
        first: true,
        returning: (rows) => {
          const deadlines = rows.map((row) => withDates<Db.Deadline>(row, ['at', 'settledAt']));
          cancelled = deadlines.map(toDeadline).sort(compareDeadlines);
        },
      });
      return () => {
        if (cancelled === undefined)
          throw new Error('The cancelled deadlines are known only once committed.');
        return cancelled;
      };
    },
    async loadDeadline(key) {
      const [row] = await sql.query<Db.Deadline>(`SELECT * FROM "Deadline" WHERE "key" = $1`, [key]);
      return row ? toDeadline(row) : null;
    },
    async markDeadlineFired(key, at, firedAt) {
      // Conditional on status and time: of two workers racing, the second updates nothing.
      const count = await sql.execute(
        `UPDATE "Deadline" SET "status" = 'fired', "settledAt" = $1::timestamp(3)
         WHERE "key" = $2 AND "at" = $3::timestamp(3) AND "status" = 'pending'`,
        [firedAt, key, at],
      );
      return count === 1;
    },
    async listDeadlines(filter: DeadlineFilter) {
      const rows = await listDue<Db.Deadline>(sql, DEADLINES, filter);
      return rows.map(toDeadline);
    },
  };
}

/** The pending deadlines with these keys, cancelled at `at` (keys: never empty). */
function cancelStatement(keys: string[], at: Date): Statement {
  return {
    text: `UPDATE "Deadline" SET "status" = 'cancelled', "settledAt" = $1::timestamp(3)
         WHERE "key" IN (${placeholders(keys.length, 2)}) AND "status" = 'pending'`,
    params: [at, ...keys],
  };
}

/** Every table, children before parents: the order `wipeAll` deletes in. */
const TABLES = [
  'TimelineEvent',
  'Participant',
  'Step',
  'Handoff',
  'Incident',
  'Deadline',
  'OutboxEntry',
  'PlatformRef',
  'ProcessedKey',
  'Site',
  'Person',
  'Organisation',
];

/** Deletes every row, children before parents. */
export async function wipeAll(sql: Sql): Promise<void> {
  for (const table of TABLES) await sql.execute(`DELETE FROM "${table}"`);
}
