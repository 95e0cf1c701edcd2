// The deadline rows of the Store port on Prisma (see ports.ts): the durable half of the
// timers. Every method runs on the caller's transaction.

import { z } from 'zod';
import type { DeadlineFilter, DeadlineRows, StoredDeadline } from '../app/ports.ts';
import type * as Db from './generated/client.ts';
import type { Prisma } from './generated/client.ts';
import { parseJson } from './rows.ts';

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

function byTimeThenKey(a: StoredDeadline, b: StoredDeadline): number {
  return a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** `INSERT … ON CONFLICT DO UPDATE` of `count` rows, columns in deadlineData's order. */
function upsertSql(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const p = (column: number) => `$${i * 7 + column}`;
    // Casts as Prisma writes them: DateTime is timestamp(3) in UTC, status an enum.
    return `(${p(1)}, ${p(2)}, ${p(3)}::timestamp(3), ${p(4)}::int, ${p(5)}::int, ${p(6)}::text::"DeadlineStatus", ${p(7)}::timestamp(3))`;
  });
  return `INSERT INTO "Deadline" ("key", "kind", "at", "incidentNumber", "handoffNumber", "status", "settledAt")
    VALUES ${rows.join(', ')}
    ON CONFLICT ("key") DO UPDATE SET "kind" = EXCLUDED."kind", "at" = EXCLUDED."at",
      "incidentNumber" = EXCLUDED."incidentNumber", "handoffNumber" = EXCLUDED."handoffNumber",
      "status" = EXCLUDED."status", "settledAt" = EXCLUDED."settledAt"`;
}

export function prismaDeadlineMethods(tx: Prisma.TransactionClient): DeadlineRows {
  return {
    async saveDeadlines(deadlines) {
      if (deadlines.length === 0) return;
      // One statement for all of them (a handoff arms two): an upsert per row would be a
      // round trip and a pass through Prisma's query compiler each.
      const params = deadlines.flatMap((d) => {
        const row = deadlineData(d);
        return [row.key, row.kind, row.at, row.incidentNumber, row.handoffNumber, row.status, row.settledAt];
      });
      await tx.$executeRawUnsafe(upsertSql(deadlines.length), ...params);
    },
    async cancelDeadlines(keys, at) {
      if (keys.length === 0) return [];
      // One conditional update that returns what it cancelled.
      const rows = await tx.deadline.updateManyAndReturn({
        where: { key: { in: keys }, status: 'pending' },
        data: { status: 'cancelled', settledAt: at },
      });
      return rows.map(toDeadline).sort(byTimeThenKey);
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
