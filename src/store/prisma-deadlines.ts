// The deadline rows of the Store port on Prisma (see ports.ts): the durable half of the
// timers. Every method runs on the caller's transaction.

import { z } from 'zod';
import type { DeadlineFilter, DeadlineRows, StoredDeadline } from '../app/ports.ts';
import type * as Db from './generated/client.ts';
import type { Prisma } from './generated/client.ts';
import { replaceOnConflict, type Column } from './raw-writes.ts';
import { parseJson } from './rows.ts';
import { compareDeadlines } from './save-rules.ts';
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

const ORDER: Prisma.DeadlineOrderByWithRelationInput[] = [{ at: 'asc' }, { key: 'asc' }];

const COLUMNS: Array<Column<Db.Deadline>> = [
  { name: 'key', cast: 'text' },
  { name: 'kind', cast: 'text' },
  { name: 'at', cast: 'timestamp(3)' },
  { name: 'incidentNumber', cast: 'int' },
  { name: 'handoffNumber', cast: 'int' },
  { name: 'status', cast: 'text::"DeadlineStatus"' },
  { name: 'settledAt', cast: 'timestamp(3)' },
];
/** A deadline armed again (another time for the same key) replaces the row. */
const REPLACE = replaceOnConflict(COLUMNS, 'key');

/** `batch`: where a command's writes wait for one round trip (write-batch.ts). */
export function prismaDeadlineMethods(tx: Prisma.TransactionClient, batch: WriteBatch): DeadlineRows {
  return {
    async saveDeadlines(deadlines) {
      if (deadlines.length === 0) return;
      // One statement for all of them (a handoff arms two), with the command's other writes.
      await addInsert(batch, 'Deadline', COLUMNS, deadlines.map(deadlineData), { onConflict: REPLACE });
    },
    async cancelDeadlines(keys, at) {
      if (keys.length === 0) return [];
      await batch.flush(); // it reads what it cancels, after what this transaction wrote
      // One conditional update that returns what it cancelled.
      const rows = await tx.deadline.updateManyAndReturn({
        where: { key: { in: keys }, status: 'pending' },
        data: { status: 'cancelled', settledAt: at },
      });
      return rows.map(toDeadline).sort(compareDeadlines);
    },
    async loadDeadline(key) {
      const row = await tx.deadline.findUnique({ where: { key } });
      return row ? toDeadline(row) : null;
    },
    async markDeadlineFired(key, at, firedAt) {
      // Conditional on status and time: of two workers racing, the second updates nothing.
      const { count } = await tx.deadline.updateMany({
        where: { key, at, status: 'pending' },
        data: { status: 'fired', settledAt: firedAt },
      });
      return count === 1;
    },
    async listDeadlines({ status, dueBy, limit }: DeadlineFilter) {
      const where: Prisma.DeadlineWhereInput = {};
      if (status !== undefined) where.status = status;
      if (dueBy !== undefined) where.at = { lte: dueBy };
      const rows = await tx.deadline.findMany({ where, orderBy: ORDER, ...(limit ? { take: limit } : {}) });
      return rows.map(toDeadline);
    },
  };
}

/** Deletes every row, children before parents. */
export async function wipeAll(tx: Prisma.TransactionClient): Promise<void> {
  await tx.timelineEvent.deleteMany();
  await tx.participant.deleteMany();
  await tx.step.deleteMany();
  await tx.handoff.deleteMany();
  await tx.incident.deleteMany();
  await tx.deadline.deleteMany();
  await tx.outboxEntry.deleteMany();
  await tx.platformRef.deleteMany();
  await tx.processedKey.deleteMany();
  await tx.site.deleteMany();
  await tx.person.deleteMany();
  await tx.organisation.deleteMany();
}
