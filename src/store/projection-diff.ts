// What a save must write to bring an incident's projection rows (participants, steps,
// handoffs) from what the transaction read to what the incident is now. A command changes
// one or two rows; rewriting every row made a save's cost grow with the incident's size.

import type * as Db from './generated/client.ts';

export interface ProjectionRows {
  participants: Db.Participant[];
  steps: Db.Step[];
  handoffs: Db.Handoff[];
}

export interface RowChanges<Row> {
  created: Row[];
  updated: Row[];
  deleted: Row[];
}

/** Rows to create, update (same key, other values) and delete, each keyed by `key`. */
export function diffRows<Row extends object>(
  before: readonly Row[],
  after: readonly Row[],
  key: (row: Row) => string,
): RowChanges<Row> {
  const old = new Map(before.map((row) => [key(row), row]));
  const changes: RowChanges<Row> = { created: [], updated: [], deleted: [] };
  for (const row of after) {
    const was = old.get(key(row));
    old.delete(key(row));
    if (!was) changes.created.push(row);
    else if (!sameValues(was, row)) changes.updated.push(row);
  }
  changes.deleted = [...old.values()];
  return changes;
}

function sameValues(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const k of keys) {
    const x = left[k] ?? null;
    const y = right[k] ?? null;
    if (x instanceof Date && y instanceof Date ? x.getTime() !== y.getTime() : x !== y) return false;
  }
  return true;
}
