// The projection rows a save changed (participants, steps, handoffs), as raw statements for
// the command's write batch (write-batch.ts): the rows gone in one DELETE per table, the new
// ones in one INSERT per table (several past the parameter limit: a restore's, never a
// command's), each changed row in one UPDATE of its non-key columns. An incident the
// transaction did not read has all its rows deleted and written again.
// The batch sends one statement per table, so a table's DELETE reaches the database before
// its INSERT: a row deleted and inserted under the same key never meets itself.

import type * as Db from './generated/client.ts';
import { diffRows, type ProjectionRows } from './projection-diff.ts';
import { insertStatements, updateStatement, type Column } from './raw-writes.ts';
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

interface Table<Row extends object> {
  name: string;
  columns: Array<Column<Row>>;
  /** The key's column within the incident (the other is `incidentNumber`). */
  key: Column<Row>;
}

const TABLES = {
  participants: { name: 'Participant', columns: PARTICIPANT, key: PARTICIPANT[1]! },
  steps: { name: 'Step', columns: STEP, key: STEP[1]! },
  handoffs: { name: 'Handoff', columns: HANDOFF, key: HANDOFF[1]! },
} satisfies { [K in keyof ProjectionRows]: Table<ProjectionRows[K][number]> };

/**
 * The writes that bring incident `incidentNumber`'s rows from `before` (what the transaction
 * read; undefined when it read none, so every row is replaced) to `after`.
 */
export function projectionWrites(
  incidentNumber: number,
  before: ProjectionRows | undefined,
  after: ProjectionRows,
): BatchedWrite[] {
  return [
    ...tableWrites(TABLES.participants, incidentNumber, before?.participants, after.participants),
    ...tableWrites(TABLES.steps, incidentNumber, before?.steps, after.steps),
    ...tableWrites(TABLES.handoffs, incidentNumber, before?.handoffs, after.handoffs),
  ];
}

function tableWrites<Row extends object>(
  table: Table<Row>,
  incidentNumber: number,
  before: Row[] | undefined,
  after: Row[],
): BatchedWrite[] {
  const writes: BatchedWrite[] = [];
  const keyOf = (row: Row) => row[table.key.name];
  const diff = diffRows(before ?? [], after, (row) => String(keyOf(row)));
  const incident = `DELETE FROM "${table.name}" WHERE "incidentNumber" = $1::int`;
  if (before === undefined) {
    writes.push({ table: table.name, text: incident, params: [incidentNumber] });
  } else if (diff.deleted.length > 0) {
    const keys = diff.deleted.map(keyOf);
    const text = `${incident} AND "${table.key.name}" = ANY($2::${table.key.cast}[])`;
    writes.push({ table: table.name, text, params: [incidentNumber, keys] });
  }
  for (const insert of insertStatements(table.name, table.columns, diff.created)) {
    writes.push({ table: table.name, ...insert });
  }
  const set = table.columns.filter((c) => c.name !== 'incidentNumber' && c.name !== table.key.name);
  for (const row of diff.updated) {
    const where = [
      { name: 'incidentNumber' as keyof Row & string, cast: 'int', value: incidentNumber },
      { ...table.key, value: keyOf(row) },
    ];
    writes.push({ table: table.name, ...updateStatement(table.name, set, row, where) });
  }
  return writes;
}
