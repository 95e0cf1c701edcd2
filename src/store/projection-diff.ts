// What a save must write to bring an incident's projection rows (participants, steps,
// handoffs) from what the transaction read to what the incident is now. A command changes
// one or two rows; rewriting every row made a save's cost grow with the incident's size.

import { changedSince } from '../domain/list-lineage.ts';
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

/**
 * Rows to create, update (same key, other values) and delete, each keyed by `key`. A row at
 * the same place in both lists as the very same object is unchanged, and skipped without
 * keying it: a command adds a row or changes one in place, and an incident's other rows are
 * the objects the last save wrote (rows.ts), so the diff does not grow with the incident
 * (issue 13: the pairs bench adds two handoffs a pair to each of four incidents). Only rows
 * that moved (one inserted or deleted before them) are matched by key.
 */
export function diffRows<Row extends object>(
  before: readonly Row[],
  after: readonly Row[],
  key: (row: Row) => string,
): RowChanges<Row> {
  const old = new Map<string, Row>();
  const candidates: Row[] = [];
  // Rows made from `before` say where they differ (list-lineage.ts, rows.ts): only there.
  const changed = changedSince(after, before);
  const count = changed ? changed.length : Math.max(before.length, after.length);
  for (let n = 0; n < count; n++) {
    const i = changed ? changed[n]! : n;
    const was = before[i];
    const row = after[i];
    if (was === row) continue;
    if (was !== undefined) old.set(key(was), was);
    if (row !== undefined) candidates.push(row);
  }
  const changes: RowChanges<Row> = { created: [], updated: [], deleted: [] };
  for (const row of candidates) {
    const k = key(row);
    const was = old.get(k);
    old.delete(k);
    if (!was) changes.created.push(row);
    else if (was !== row && !sameValues(was, row)) changes.updated.push(row);
  }
  changes.deleted = [...old.values()];
  return changes;
}

/** Column by column; a column one row lacks counts as null (a Prisma row and a JSON read's). */
function sameValues(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // No set of both rows' keys: this runs for every row of the incident on every save.
  for (const k in left) if (!sameValue(left[k], right[k])) return false;
  for (const k in right) if (!(k in left) && (right[k] ?? null) !== null) return false;
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y;
}
