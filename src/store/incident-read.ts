// One incident with its projection rows in one statement (issue 13: "read the incident in
// one round trip"). Four Prisma queries cost four round trips and four passes through the
// client's query compiler; a status command read its incident twice that way. The rows
// come back as JSON and are turned into exactly what Prisma's model queries return, so a
// save's diff (projection-diff.ts) compares like with like (test/store/incident-read.test.ts).

import type * as Db from './generated/client.ts';
import type { IncidentRow } from './rows.ts';
import type { Sql } from './sql.ts';

/** The one way into an incident this module reads by: its number, or its site while open. */
export type IncidentKey = { number: number } | { openSiteKey: string };

/** Only the rows' own columns: no relation is selected, so each is a flat JSON object. */
const SQL = (where: string) => `
  SELECT json_build_object(
    'incident', to_jsonb(i),
    'participants', COALESCE((SELECT json_agg(p ORDER BY p."personId") FROM "Participant" p
                              WHERE p."incidentNumber" = i."number"), '[]'),
    'steps', COALESCE((SELECT json_agg(s ORDER BY s."number") FROM "Step" s
                       WHERE s."incidentNumber" = i."number"), '[]'),
    'handoffs', COALESCE((SELECT json_agg(h ORDER BY h."number") FROM "Handoff" h
                          WHERE h."incidentNumber" = i."number"), '[]')
  )::text AS "row"
  FROM "Incident" i WHERE ${where}`;

const BY_NUMBER = SQL(`i."number" = $1`);
const BY_OPEN_SITE = SQL(`i."openSiteKey" = $1`);

/** The incident with its rows, or null; one statement, so it is one consistent snapshot. */
export async function readIncidentRow(sql: Sql, key: IncidentKey): Promise<IncidentRow | null> {
  const [found] =
    'number' in key
      ? await sql.query<{ row: string }>(BY_NUMBER, [key.number])
      : await sql.query<{ row: string }>(BY_OPEN_SITE, [key.openSiteKey]);
  return found ? fromJson(JSON.parse(found.row) as JsonRows) : null;
}

/**
 * The incidents matching `where` (conditions on `i`, the incident, with their parameters)
 * with their rows, newest first; one statement.
 */
export async function readIncidentRows(sql: Sql, where: string, params: unknown[]): Promise<IncidentRow[]> {
  const rows = await sql.query<{ row: string }>(`${SQL(where)} ORDER BY i."number" DESC`, params);
  return rows.map((found) => fromJson(JSON.parse(found.row) as JsonRows));
}

interface JsonRows {
  incident: Record<string, unknown>;
  participants: Array<Record<string, unknown>>;
  steps: Array<Record<string, unknown>>;
  handoffs: Array<Record<string, unknown>>;
}

// The DateTime columns (timestamp(3) without time zone, stored in UTC: JSON drops the zone).
const DATES = {
  incident: ['openedAt', 'resolvedAt'],
  participant: ['joinedAt'],
  step: ['ownerSince', 'createdAt'],
  handoff: ['proposedAt', 'answeredAt'],
} as const;

/** In place: the object was just parsed, and is the row from here on. */
function withDates<Row>(row: Record<string, unknown>, columns: readonly string[]): Row {
  for (const column of columns) {
    const value = row[column];
    if (typeof value === 'string') row[column] = new Date(`${value}Z`);
  }
  return row as Row;
}

function fromJson(json: JsonRows): IncidentRow {
  return {
    ...withDates<Db.Incident>(json.incident, DATES.incident),
    participants: json.participants.map((p) => withDates<Db.Participant>(p, DATES.participant)),
    steps: json.steps.map((s) => withDates<Db.Step>(s, DATES.step)),
    handoffs: json.handoffs.map((h) => withDates<Db.Handoff>(h, DATES.handoff)),
  };
}
