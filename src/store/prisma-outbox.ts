// The outbox rows of the Store port (see ports.ts): the durable half of every delivery.
// Every method runs on the caller's transaction, or alone as one statement, as our own SQL.

import { z } from 'zod';
import type { OutboxEffect, OutboxEntry, OutboxRows } from '../app/ports.ts';
import type * as Db from './generated/client.ts';
import { updateWhere, type Column } from './raw-writes.ts';
import { parseJson } from './rows.ts';
import { listDue, type Sql } from './sql.ts';
import { addInsert, type WriteBatch } from './write-batch.ts';
import type { SettleQueue, Taken } from './settle-queue.ts';

const notificationSchema = z.looseObject({
  personId: z.string(),
  personName: z.string(),
  incidentNumber: z.number().int().optional(),
  text: z.string(),
  handoff: z.object({ incidentNumber: z.number().int(), number: z.number().int() }).optional(),
});
const kindSchema = z.enum(['notify', 'incidentChanged']);

function toEffect(row: Db.OutboxEntry): OutboxEffect {
  const kind = parseJson(kindSchema, row.kind, `kind of outbox entry ${row.id}`);
  if (kind === 'incidentChanged') return { kind };
  const parsed = parseJson(notificationSchema, row.payload, `notification of outbox entry ${row.id}`);
  const { handoff, incidentNumber, ...rest } = parsed;
  return {
    kind,
    notification: {
      ...rest,
      ...(incidentNumber !== undefined ? { incidentNumber } : {}),
      ...(handoff !== undefined ? { handoff } : {}),
    },
  };
}

export function toOutboxEntry(row: Db.OutboxEntry): OutboxEntry {
  const entry: OutboxEntry = {
    id: row.id,
    platform: row.platform,
    incidentNumber: row.incidentNumber,
    effect: toEffect(row),
    reportFailure: row.reportFailure,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
  if (row.lastError !== null) entry.lastError = row.lastError;
  if (row.settledAt !== null) entry.settledAt = row.settledAt;
  return entry;
}

function outboxData(e: OutboxEntry): Db.OutboxEntry {
  return {
    id: e.id,
    platform: e.platform,
    kind: e.effect.kind,
    incidentNumber: e.incidentNumber,
    payload: e.effect.kind === 'notify' ? { ...e.effect.notification } : {},
    reportFailure: e.reportFailure,
    status: e.status,
    attempts: e.attempts,
    nextAttemptAt: e.nextAttemptAt,
    lastError: e.lastError ?? null,
    createdAt: e.createdAt,
    settledAt: e.settledAt ?? null,
  };
}

const COLUMNS: Array<Column<Db.OutboxEntry>> = [
  { name: 'id', cast: 'text' },
  { name: 'platform', cast: 'text' },
  { name: 'kind', cast: 'text' },
  { name: 'incidentNumber', cast: 'int' },
  { name: 'payload', cast: 'jsonb' },
  { name: 'reportFailure', cast: 'boolean' },
  { name: 'status', cast: 'text::"OutboxStatus"' },
  { name: 'attempts', cast: 'int' },
  { name: 'nextAttemptAt', cast: 'timestamp(3)' },
  { name: 'lastError', cast: 'text' },
  { name: 'createdAt', cast: 'timestamp(3)' },
  { name: 'settledAt', cast: 'timestamp(3)' },
];

const OUTBOX = { name: 'OutboxEntry', statusType: 'OutboxStatus', time: 'nextAttemptAt', key: 'id' };

const column = (name: keyof Db.OutboxEntry) => COLUMNS.find((c) => c.name === name)!;

/** Takes a due, pending entry for one attempt: `$1` the lease's end, `$2` the id, `$3` now. */
const CLAIM = `UPDATE "OutboxEntry" SET "attempts" = "attempts" + 1, "nextAttemptAt" = $1::timestamp(3)
  WHERE "id" = $2 AND "status" = 'pending' AND "nextAttemptAt" <= $3::timestamp(3) RETURNING *`;

/**
 * `sql`: the caller's transaction, or alone (sql.ts); `batch`: where a command's writes wait
 * for one round trip (write-batch.ts); `settles`: the deliveries settled as sent but not yet
 * written (settle-queue.ts), which a read of the outbox writes first, so that it sees them.
 */
export function prismaOutboxMethods(
  sql: Sql,
  batch: WriteBatch,
  settles?: { queue: SettleQueue; taken?: Taken | undefined },
): OutboxRows {
  const settled = () => settles?.queue.sendVia(sql, settles.taken);
  const load = async (id: string) => {
    await settled();
    const [row] = await sql.query<Db.OutboxEntry>(`SELECT * FROM "OutboxEntry" WHERE "id" = $1`, [id]);
    return row ? toOutboxEntry(row) : null;
  };
  return {
    async saveOutbox(entries) {
      if (entries.length === 0) return;
      // ON CONFLICT DO NOTHING: an entry written twice (a retried change) stays one row.
      // With the command's other writes (write-batch.ts): every change writes some.
      await addInsert(batch, 'OutboxEntry', COLUMNS, entries.map(outboxData), {
        onConflict: 'ON CONFLICT DO NOTHING',
      });
    },
    loadOutbox: load,
    async claimOutbox(id, now, leaseUntil) {
      // One conditional update that returns the row: of two workers racing, the second
      // matches nothing (the first moved `nextAttemptAt` past `now`), so each attempt has
      // one owner, and the claim needs no transaction. Raw SQL: every delivery claims one.
      const [row] = await sql.query<Db.OutboxEntry>(CLAIM, [leaseUntil, id, now]);
      return row ? toOutboxEntry(row) : null;
    },
    async renewOutboxLease(id, attempts, leaseUntil) {
      const where = [
        { ...column('id'), value: id },
        { ...column('status'), value: 'pending' },
        { ...column('attempts'), value: attempts },
      ];
      const set = [column('nextAttemptAt')];
      return (await updateWhere(sql, 'OutboxEntry', set, { nextAttemptAt: leaseUntil }, where)) === 1;
    },
    async settleOutbox(id, status, at, error) {
      // Raw SQL: every delivery settles one (raw-writes.ts). Only a pending row settles.
      const written: Array<keyof Db.OutboxEntry> = ['status', 'settledAt'];
      if (error !== undefined) written.push('lastError');
      const set = written.map(column);
      const where = [
        { ...column('id'), value: id },
        { ...column('status'), value: 'pending' },
      ];
      const row = { status, settledAt: at, lastError: error ?? null };
      return (await updateWhere(sql, 'OutboxEntry', set, row, where)) === 1;
    },
    async retryOutbox(id, nextAttemptAt, error) {
      const set = [column('nextAttemptAt'), column('lastError')];
      const where = [
        { ...column('id'), value: id },
        { ...column('status'), value: 'pending' },
      ];
      return (await updateWhere(sql, 'OutboxEntry', set, { nextAttemptAt, lastError: error }, where)) === 1;
    },
    async listOutbox(filter) {
      await settled();
      const rows = await listDue<Db.OutboxEntry>(sql, OUTBOX, filter);
      return rows.map(toOutboxEntry);
    },
    pruneOutbox: (settledBefore) =>
      sql.execute(
        `DELETE FROM "OutboxEntry" WHERE "status" IN ('sent', 'failed') AND "settledAt" < $1::timestamp(3)`,
        [settledBefore],
      ),
  };
}
