// The projection rows a save changed (participants, steps, handoffs), as raw statements for
// the command's write batch (write-batch.ts): the new rows in one INSERT per table, each
// changed row in one UPDATE of its non-key columns. Deletions, which no projection makes
// today (a restore might), are the caller's to write directly.

import type * as Db from './generated/client.ts';
import { diffRows, type ProjectionRows } from './projection-diff.ts';
import { insertStatement, MAX_PARAMETERS, updateStatement, type Column } from './raw-writes.ts';
import type { BatchedWrite } from './write-batch.ts';

const PARTICIPANT: Array<Column<Db.Participant>> = [
  { name: 'incidentNumber', cast: 'int' },
  { name: 'personId', cast: 'text' },
  { name: 'role', cast: 'text::"ParticipantRole"' },
  { name: 'joinedAt', cast: 'timestamp(3)' },
];

const STEP: Array<Column<Db.Step>> = [
  { name: 'incidentNumber', cast: 'int' },
  { name: 'number', cast: 'int' },
  { name: 'title', cast: 'text' },
  { name: 'ownerId', cast: 'text' },
  { name: 'ownerSince', cast: 'timestamp(3)' },
  { name: 'status', cast: 'text::"StepStatus"' },
  { name: 'createdAt', cast: 'timestamp(3)' },
];

const HANDOFF: Array<Column<Db.Handoff>> = [
  { name: 'incidentNumber', cast: 'int' },
  { name: 'number', cast: 'int' },
  { name: 'stepNumber', cast: 'int' },
  { name: 'fromId', cast: 'text' },
  { name: 'toId', cast: 'text' },
  { name: 'proposedById', cast: 'text' },
  { name: 'note', cast: 'text' },
  { name: 'status', cast: 'text::"HandoffStatus"' },
  { name: 'reason', cast: 'text' },
  { name: 'proposedAt', cast: 'timestamp(3)' },
  { name: 'answeredAt', cast: 'timestamp(3)' },
];

interface Table<Row> {
  name: string;
  columns: Array<Column<Row>>;
  /** The primary key's columns. */
  key: Array<keyof Row & string>;
}

const TABLES = {
  participants: { name: 'Participant', columns: PARTICIPANT, key: ['incidentNumber', 'personId'] },
  steps: { name: 'Step', columns: STEP, key: ['incidentNumber', 'number'] },
  handoffs: { name: 'Handoff', columns: HANDOFF, key: ['incidentNumber', 'number'] },
} satisfies { [K in keyof ProjectionRows]: Table<ProjectionRows[K][number]> };

/**
 * The writes from `before` to `after`: inserts, then updates; null when a row would be
 * deleted, or when more rows are new than one statement can bind (a restore, never a
 * command), which the caller writes directly instead.
 */
export function projectionWrites(before: ProjectionRows, after: ProjectionRows): BatchedWrite[] | null {
  const people = diffRows(before.participants, after.participants, (p) => p.personId);
  const steps = diffRows(before.steps, after.steps, (s) => String(s.number));
  const handoffs = diffRows(before.handoffs, after.handoffs, (h) => String(h.number));
  if (people.deleted.length + steps.deleted.length + handoffs.deleted.length > 0) return null;
  const created = people.created.length + steps.created.length + handoffs.created.length;
  if (created * HANDOFF.length > MAX_PARAMETERS) return null; // the widest table, bounding all
  return [
    ...writesOf(TABLES.participants, people),
    ...writesOf(TABLES.steps, steps),
    ...writesOf(TABLES.handoffs, handoffs),
  ];
}

function writesOf<Row>(table: Table<Row>, diff: { created: Row[]; updated: Row[] }): BatchedWrite[] {
  const writes: BatchedWrite[] = [];
  if (diff.created.length > 0) {
    writes.push({ table: table.name, ...insertStatement(table.name, table.columns, diff.created) });
  }
  const set = table.columns.filter((c) => !table.key.includes(c.name));
  const keyColumns = table.columns.filter((c) => table.key.includes(c.name));
  for (const row of diff.updated) {
    const where = keyColumns.map((c) => ({ ...c, value: row[c.name] }));
    writes.push({ table: table.name, ...updateStatement(table.name, set, row, where) });
  }
  return writes;
}
