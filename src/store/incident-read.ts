// One incident with its projection rows in one statement (issue 13: "read the incident in
// one round trip"). Four Prisma queries cost four round trips and four passes through the
// client's query compiler; a status command read its incident twice that way. The rows
// come back as JSON and are turned into exactly what Prisma's model queries return, so a
// save's diff (projection-diff.ts) compares like with like (test/store/incident-read.test.ts).

import type * as Db from './generated/client.ts';
import { withDates, type IncidentRow } from './rows.ts';
import type { Sql } from './sql.ts';

/** The one way into an incident this module reads by: its number, or its site while open. */
export type IncidentKey = { number: number } | { openSiteKey: string };

/** The incident's rows as JSON; only their own columns, so each is a flat JSON object. */
const ROWS_JSON = `json_build_object(
    'incident', to_jsonb(i),
    'participants', COALESCE((SELECT json_agg(p ORDER BY p."personId") FROM "Participant" p
                              WHERE p."incidentNumber" = i."number"), '[]'),
    'steps', COALESCE((SELECT json_agg(s ORDER BY s."number") FROM "Step" s
                       WHERE s."incidentNumber" = i."number"), '[]'),
    'handoffs', COALESCE((SELECT json_agg(h ORDER BY h."number") FROM "Handoff" h
                          WHERE h."incidentNumber" = i."number"), '[]')
  )::text`;

/**
 * The row's version (`xmin`, incident-cache.ts) and the rows unless the version is the one
 * known (`$2`, `$3`): CASE evaluates only the branch it takes, so a known version costs the
 * server no JSON at all. (The id of a transaction that writes comes with its writes:
 * write-batch.ts.)
 */
const VERSIONED = (where: string) => `
  SELECT i.xmin::text AS "xmin",
    CASE WHEN i.xmin::text = $2::text AND i."version" = $3::int THEN NULL ELSE ${ROWS_JSON} END AS "row"
  FROM "Incident" i WHERE ${where}`;

const READS = {
  number: VERSIONED(`i."number" = $1::int`),
  openSiteKey: VERSIONED(`i."openSiteKey" = $1::text`),
};

export interface VersionedRead {
  /** The version of the incident's row that was read. */
  xmin: string;
  /** The rows; null when their version is the one known. */
  row: IncidentRow | null;
}

/**
 * The incident with its rows, or null when there is none; one statement, so one consistent
 * snapshot. `known`: a version whose rows the caller holds.
 */
export async function readIncident(
  sql: Sql,
  key: IncidentKey,
  { known }: { known?: { xmin: string; version: number } | undefined } = {},
): Promise<VersionedRead | null> {
  const text = 'number' in key ? READS.number : READS.openSiteKey;
  const value = 'number' in key ? key.number : key.openSiteKey;
  const [found] = await sql.query<{ xmin: string; row: string | null }>(text, [
    value,
    known?.xmin ?? null,
    known?.version ?? null,
  ]);
  if (!found) return null;
  const row = found.row === null ? null : fromJson(JSON.parse(found.row) as JsonRows);
  return { xmin: found.xmin, row };
}

/** The incident with its rows, or null; one statement, so it is one consistent snapshot. */
export async function readIncidentRow(sql: Sql, key: IncidentKey): Promise<IncidentRow | null> {
  return (await readIncident(sql, key))?.row ?? null;
}

/**
 * The incidents matching `where` (` WHERE …` on `i`, the incident, or empty for all; with its
 * parameters) with their rows, newest first; one statement.
 */
export async function readIncidentRows(sql: Sql, where: string, params: unknown[]): Promise<IncidentRow[]> {
  const text = `SELECT ${ROWS_JSON} AS "row" FROM "Incident" i${where} ORDER BY i."number" DESC`;
  const rows = await sql.query<{ row: string }>(text, params);
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

function fromJson(json: JsonRows): IncidentRow {
  return {
    ...withDates<Db.Incident>(json.incident, DATES.incident),
    participants: json.participants.map((p) => withDates<Db.Participant>(p, DATES.participant)),
    steps: json.steps.map((s) => withDates<Db.Step>(s, DATES.step)),
    handoffs: json.handoffs.map((h) => withDates<Db.Handoff>(h, DATES.handoff)),
  };
}
