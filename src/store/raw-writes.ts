// Raw SQL for the rows every command writes: multi-row INSERTs (its timeline events, its
// outbox entries, the deadlines it arms) and the incident's conditional UPDATE. A Prisma
// model write costs a pass through the client's query compiler and plan interpreter each
// time: 0.75 ms of CPU for a one-row createMany against 0.32 ms raw, measured here.
// Values are always bound parameters; only table and column names, which are constants in
// the callers, are written into the SQL.

import type { Sql } from './sql.ts';

/** A column and the SQL type its parameter is cast to, as Prisma's schema maps it. */
export interface Column<Row> {
  name: keyof Row & string;
  /** e.g. `int`, `timestamp(3)` (Prisma's DateTime: UTC without a zone), `jsonb`, `text::"OutboxStatus"`. */
  cast: string;
}

export interface InsertOptions {
  /** `ON CONFLICT …` clause, e.g. `ON CONFLICT DO NOTHING`. */
  onConflict?: string;
}

/**
 * `INSERT INTO table (…) VALUES (…), (…)` with one numbered parameter per value. Built once
 * per table, columns, row count and conflict clause (a command inserts the same few shapes
 * again and again: 1.2 % of the handoff pairs bench's thread went to building them).
 */
export function insertSql<Row>(
  table: string,
  columns: Column<Row>[],
  rows: number,
  options: InsertOptions = {},
) {
  let built = insertTexts.get(columns);
  if (!built) insertTexts.set(columns, (built = new Map()));
  const key = `${table}\u0000${rows}\u0000${options.onConflict ?? ''}`;
  const known = built.get(key);
  if (known !== undefined) return known;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const values = Array.from({ length: rows }, (_, r) => {
    const params = columns.map((c, i) => `$${r * columns.length + i + 1}::${c.cast}`);
    return `(${params.join(', ')})`;
  });
  const text = `INSERT INTO "${table}" (${names}) VALUES ${values.join(', ')}${options.onConflict ? ` ${options.onConflict}` : ''}`;
  // A restore's inserts of thousands of rows are built once each: not kept.
  if (rows <= MAX_KEPT_ROWS) built.set(key, text);
  return text;
}

const MAX_KEPT_ROWS = 50;
/** By the callers' column lists (constants): the texts built for them. */
const insertTexts = new WeakMap<object, Map<string, string>>();

/** PostgreSQL binds at most 65,535 parameters to one statement. */
export const MAX_PARAMETERS = 65_535;

/**
 * Inserts `rows` in one statement, or in as few as the parameter limit allows (a whole
 * directory can be over it; a command's rows never are); returns how many were inserted.
 * JSON values are sent as text.
 */
export async function insertRows<Row>(
  sql: Sql,
  table: string,
  columns: Column<Row>[],
  rows: Row[],
  options: InsertOptions = {},
): Promise<number> {
  let inserted = 0;
  for (const { text, params } of insertStatements(table, columns, rows, options)) {
    inserted += await sql.execute(text, params);
  }
  return inserted;
}

/** `ON CONFLICT (key…) DO UPDATE` of every other column from the row offered: an upsert. */
export function replaceOnConflict<Row>(
  columns: Column<Row>[],
  key: (keyof Row & string) | Array<keyof Row & string>,
): string {
  const keys: string[] = Array.isArray(key) ? key : [key];
  const set = columns
    .filter((c) => !keys.includes(c.name))
    .map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
    .join(', ');
  return `ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${set}`;
}

/** A statement and its parameters, to run now or in a batch (write-batch.ts). */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * `UPDATE table SET … WHERE …` of `columns`, their values taken from `row`, the WHERE
 * columns compared for equality.
 */
export function updateStatement<Row>(
  table: string,
  columns: Column<Row>[],
  row: Partial<Row>,
  where: Array<Column<Row> & { value: unknown }>,
): Statement {
  const set = columns.map((c, i) => `"${c.name}" = $${i + 1}::${c.cast}`);
  const conditions = where.map((c, i) => `"${c.name}" = $${columns.length + i + 1}::${c.cast}`);
  return {
    text: `UPDATE "${table}" SET ${set.join(', ')} WHERE ${conditions.join(' AND ')}`,
    params: [...columns.map((c) => valueOf(c, row[c.name])), ...where.map((c) => valueOf(c, c.value))],
  };
}

/** Runs `updateStatement`; returns how many rows matched (0 when a condition no longer holds). */
export async function updateWhere<Row>(
  sql: Sql,
  table: string,
  columns: Column<Row>[],
  row: Partial<Row>,
  where: Array<Column<Row> & { value: unknown }>,
): Promise<number> {
  const { text, params } = updateStatement(table, columns, row, where);
  return sql.execute(text, params);
}

/** One multi-row INSERT of few rows (a command's), as a statement; JSON values as text. */
export function insertStatement<Row>(
  table: string,
  columns: Column<Row>[],
  rows: Row[],
  options: InsertOptions = {},
): Statement {
  return {
    text: insertSql(table, columns, rows.length, options),
    params: rows.flatMap((row) => columns.map((c) => valueOf(c, row[c.name]))),
  };
}

/** The INSERTs of `rows`: one, or as few as the parameter limit allows. */
export function insertStatements<Row>(
  table: string,
  columns: Column<Row>[],
  rows: Row[],
  options: InsertOptions = {},
): Statement[] {
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  const statements: Statement[] = [];
  for (let from = 0; from < rows.length; from += perStatement) {
    statements.push(insertStatement(table, columns, rows.slice(from, from + perStatement), options));
  }
  return statements;
}

function valueOf<Row>(column: Column<Row>, value: unknown): unknown {
  return column.cast === 'jsonb' ? JSON.stringify(value) : value;
}
