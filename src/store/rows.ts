// Database rows ⇄ domain values. Rows are trusted for their column types (Prisma checks
// those); JSON columns are validated with zod where they enter (design.md §5.4).

import type { z } from 'zod';
import type { Organisation, Person, Site } from '../domain/directory.ts';
import { ValidationError } from '../domain/errors.ts';
import {
  incidentRef,
  type Handoff,
  type Incident,
  type Participant,
  type Step,
} from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import { creditTiersSchema, isEventType, payloadSchemas, roomsSchema } from './event-schemas.ts';
import { compareParticipants, openSiteKey } from './save-rules.ts';
import type * as Db from './generated/client.ts';
import type { Prisma } from './generated/client.ts';
import { changedSince, madeFrom } from '../domain/list-lineage.ts';

export type IncidentRow = Db.Incident & {
  participants: Db.Participant[];
  steps: Db.Step[];
  handoffs: Db.Handoff[];
};

export function parseJson<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new ValidationError(`The database holds an invalid ${what}: ${problems}.`, { cause: result.error });
}

// ---- directory ----

export function toOrganisation(row: Db.Organisation): Organisation {
  const org: Organisation = { id: row.id, name: row.name, kind: row.kind };
  if (row.timezone !== null) org.timezone = row.timezone;
  return org;
}

export function toPerson(row: Db.Person): Person {
  const handles: Person['handles'] = {};
  if (row.slackId !== null) handles.slack = row.slackId;
  if (row.discordId !== null) handles.discord = row.discordId;
  const person: Person = { id: row.id, name: row.name, organisationId: row.organisationId, handles };
  if (row.email !== null) person.email = row.email;
  if (row.notify !== null) person.notify = row.notify;
  return person;
}

export function personData(person: Person): Prisma.PersonUncheckedCreateInput {
  return {
    id: person.id,
    name: person.name,
    organisationId: person.organisationId,
    email: person.email ?? null,
    notify: person.notify ?? null,
    slackId: person.handles.slack ?? null,
    discordId: person.handles.discord ?? null,
  };
}

export function toSite(row: Db.Site): Site {
  const site: Site = {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    itContactId: row.itContactId,
    vendorContactIds: [...row.vendorContactIds],
    sla: {
      monthlyFeeCents: row.monthlyFeeCents,
      uptimeTarget: row.uptimeTarget,
      creditTiers: parseJson(creditTiersSchema, row.creditTiers, `credit tier list for site ${row.id}`),
    },
  };
  if (row.runbook !== null) site.runbook = row.runbook;
  if (row.fallback !== null) site.fallback = row.fallback;
  return site;
}

export function siteData(site: Site): Prisma.SiteUncheckedCreateInput {
  return {
    id: site.id,
    name: site.name,
    clientId: site.clientId,
    itContactId: site.itContactId,
    vendorContactIds: site.vendorContactIds,
    monthlyFeeCents: site.sla.monthlyFeeCents,
    uptimeTarget: site.sla.uptimeTarget,
    creditTiers: site.sla.creditTiers.map((t) => ({
      belowPercent: t.belowPercent,
      creditPercent: t.creditPercent,
    })),
    runbook: site.runbook ?? null,
    fallback: site.fallback ?? null,
  };
}

// ---- incidents ----

export function toIncident(row: IncidentRow): Incident {
  const incident: Incident = {
    number: row.number,
    siteId: row.siteId,
    title: row.title,
    severity: row.severity,
    status: row.status,
    coordinatorId: row.coordinatorId,
    reporterId: row.reporterId,
    openedAt: row.openedAt,
    rooms: parseJson(roomsSchema, row.rooms, `room list for ${incidentRef(row.number)}`),
    participants: row.participants
      .map((p): Participant => ({ personId: p.personId, role: p.role, joinedAt: p.joinedAt }))
      .sort(compareParticipants),
    steps: row.steps.map((s): Step => ({
      number: s.number,
      title: s.title,
      ownerId: s.ownerId,
      ownerSince: s.ownerSince,
      status: s.status,
      createdAt: s.createdAt,
    })),
    handoffs: row.handoffs.map(toHandoff),
    version: row.version,
  };
  if (row.resolvedAt !== null) incident.resolvedAt = row.resolvedAt;
  return incident;
}

function toHandoff(h: Db.Handoff): Handoff {
  const handoff: Handoff = {
    number: h.number,
    stepNumber: h.stepNumber,
    fromId: h.fromId,
    toId: h.toId,
    proposedById: h.proposedById,
    note: h.note,
    status: h.status,
    proposedAt: h.proposedAt,
  };
  if (h.reason !== null) handoff.reason = h.reason;
  if (h.answeredAt !== null) handoff.answeredAt = h.answeredAt;
  return handoff;
}

export function incidentData(incident: Incident): Prisma.IncidentUncheckedCreateInput {
  return {
    number: incident.number,
    siteId: incident.siteId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    coordinatorId: incident.coordinatorId,
    reporterId: incident.reporterId,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt ?? null,
    rooms: definedRooms(incident.rooms),
    version: incident.version,
    openSiteKey: openSiteKey(incident),
  };
}

function definedRooms(rooms: Incident['rooms']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [platform, room] of Object.entries(rooms)) if (room !== undefined) out[platform] = room;
  return out;
}

/**
 * The row each frozen step, handoff and participant was last written as, by identity (issue
 * 13: a save's cost should not grow with the incident). A cached incident is frozen
 * (incident-cache.ts) and evolve.ts copies only what an event changes, so an unchanged item
 * is the same frozen object save after save: its row is not built again, and the save's
 * diff finds it unchanged by identity. Only frozen items: one that can change cannot be
 * known by identity.
 */
const rowOf = new WeakMap<object, { incidentNumber: number }>();

function rowFor<Item extends object, Row extends { incidentNumber: number }>(
  incidentNumber: number,
  item: Item,
  build: (incidentNumber: number, item: Item) => Row,
): Row {
  if (!Object.isFrozen(item)) return build(incidentNumber, item);
  const known = rowOf.get(item) as Row | undefined;
  if (known?.incidentNumber === incidentNumber) return known;
  const row = build(incidentNumber, item);
  rowOf.set(item, row);
  return row;
}

/** The rows built for each list of items, in its order, with the incident they were built for. */
const rowsOf = new WeakMap<readonly object[], { incidentNumber: number; rows: readonly object[] }>();

/**
 * `items`' rows. `previous`: the same list as last saved (the incident's cached copy, frozen).
 * An item that is the very object at the same place there has the row built for it then,
 * found by one comparison; only the others are looked up by identity, or built.
 */
function rowsFor<Item extends object, Row extends { incidentNumber: number }>(
  incidentNumber: number,
  items: readonly Item[],
  build: (incidentNumber: number, item: Item) => Row,
  previous?: readonly Item[],
): Row[] {
  const built = previous && rowsOf.get(previous);
  const before = built?.incidentNumber === incidentNumber ? (built.rows as readonly Row[]) : undefined;
  const changed = before !== undefined ? changedSince(items, previous) : undefined;
  let rows: Row[];
  if (changed !== undefined) {
    // Made from `previous` (list-lineage.ts): its rows, but where it changed; and so said.
    rows = madeFrom([...before!], before!, changed);
    for (const i of changed) rows[i] = rowFor(incidentNumber, items[i]!, build);
  } else {
    rows = new Array<Row>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      rows[i] =
        before !== undefined && item === previous![i] ? before[i]! : rowFor(incidentNumber, item, build);
    }
  }
  // Only a frozen list of frozen items (the incident is frozen before its rows are built,
  // prisma-store.ts) keeps matching the rows built for it.
  if (Object.isFrozen(items)) rowsOf.set(items, { incidentNumber, rows });
  return rows;
}

/** The incident's projection rows; `previous`, its copy saved or read last, frozen, if any. */
export function projectionRows(incident: Incident, previous?: Incident) {
  return {
    participants: participantRows(incident, previous),
    steps: stepRows(incident, previous),
    handoffs: handoffRows(incident, previous),
  };
}

export function participantRows(incident: Incident, previous?: Incident): Db.Participant[] {
  return rowsFor(incident.number, incident.participants, participantRow, previous?.participants);
}

function participantRow(incidentNumber: number, p: Participant): Db.Participant {
  return { incidentNumber, personId: p.personId, role: p.role, joinedAt: p.joinedAt };
}

export function stepRows(incident: Incident, previous?: Incident): Db.Step[] {
  return rowsFor(incident.number, incident.steps, stepRow, previous?.steps);
}

function stepRow(incidentNumber: number, s: Step): Db.Step {
  return {
    incidentNumber,
    number: s.number,
    title: s.title,
    ownerId: s.ownerId,
    ownerSince: s.ownerSince,
    status: s.status,
    createdAt: s.createdAt,
  };
}

export function handoffRows(incident: Incident, previous?: Incident): Db.Handoff[] {
  return rowsFor(incident.number, incident.handoffs, handoffRow, previous?.handoffs);
}

function handoffRow(incidentNumber: number, h: Handoff): Db.Handoff {
  return {
    incidentNumber,
    number: h.number,
    stepNumber: h.stepNumber,
    fromId: h.fromId,
    toId: h.toId,
    proposedById: h.proposedById,
    note: h.note,
    status: h.status,
    reason: h.reason ?? null,
    proposedAt: h.proposedAt,
    answeredAt: h.answeredAt ?? null,
  };
}

// ---- timeline ----

export function eventRow(event: TimelineEvent): Prisma.TimelineEventCreateManyInput {
  return {
    incidentNumber: event.incidentNumber,
    seq: event.seq,
    at: event.at,
    actorId: event.actorId,
    type: event.type,
    payload: event.payload as Prisma.InputJsonObject,
  };
}

export function toEvent(row: Db.TimelineEvent): TimelineEvent {
  const where = `timeline event ${incidentRef(row.incidentNumber)} #${row.seq}`;
  if (!isEventType(row.type)) {
    throw new ValidationError(`The database holds an invalid ${where}: unknown type "${row.type}".`);
  }
  const payload: unknown = parseJson(payloadSchemas[row.type], row.payload, `${where} (${row.type})`);
  // The schema for row.type has just checked the payload, which is what the cast asserts.
  return {
    incidentNumber: row.incidentNumber,
    seq: row.seq,
    at: row.at,
    actorId: row.actorId,
    type: row.type,
    payload,
  } as TimelineEvent;
}

/**
 * A row as JSON gives it (`to_jsonb`, `json_agg`), its `columns` made Dates again:
 * timestamp(3) comes as ISO text without its zone, which is UTC. In place: the object was
 * just parsed, and is the row from here on.
 */
export function withDates<Row>(row: Record<string, unknown>, columns: readonly string[]): Row {
  for (const column of columns) {
    const value = row[column];
    if (typeof value === 'string') row[column] = new Date(`${value}Z`);
  }
  return row as Row;
}
