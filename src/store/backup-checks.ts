// Checks across a backup's entries, run after its shape is known to be right and before
// anything is written: every id is unique, and every reference (to a person, site,
// organisation, incident, step or handoff) points at something the same file contains.
// The database would refuse some of these halfway through a restore and accept the rest.

import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { BackupDocument } from './backup.ts';
import { show, type Path, type Problem } from './backup-problems.ts';

interface Known {
  organisations: Set<string>;
  people: Set<string>;
  sites: Set<string>;
}

export function checkReferences(doc: BackupDocument): Problem[] {
  const { organisations, people, sites } = doc.directory;
  const known: Known = {
    organisations: new Set(organisations.map((o) => o.id)),
    people: new Set(people.map((p) => p.id)),
    sites: new Set(sites.map((s) => s.id)),
  };
  return [
    ...duplicates(organisations, ['directory', 'organisations'], (o) => o.id, 'id'),
    ...duplicates(people, ['directory', 'people'], (p) => p.id, 'id'),
    ...duplicates(sites, ['directory', 'sites'], (s) => s.id, 'id'),
    ...duplicates(people, ['directory', 'people'], (p) => p.handles.slack, 'Slack handle'),
    ...duplicates(people, ['directory', 'people'], (p) => p.handles.discord, 'Discord handle'),
    ...directoryReferences(doc, known),
    ...duplicates(
      doc.incidents,
      ['incidents'],
      (i) => i.number,
      'number',
      (n) => `INC-${n}`,
    ),
    ...doc.incidents.flatMap((_, i) => incidentReferences(doc, i, known)),
    ...openIncidentsPerSite(doc),
    ...duplicates(doc.timeline, ['timeline'], (e) => `INC-${e.incidentNumber} #${e.seq}`, 'event'),
    ...doc.timeline.flatMap((e, k) => eventReferences(doc, e, k, known)),
    ...duplicates(doc.deadlines, ['deadlines'], (d) => d.key, 'key'),
    ...doc.deadlines.flatMap((_, k) => deadlineReferences(doc, k)),
    ...duplicates(doc.processedKeys, ['processedKeys'], (p) => p.key, 'key'),
  ];
}

/** Every entry whose key an earlier entry of the same list already has. */
function duplicates<T>(
  list: readonly T[],
  at: Path,
  keyOf: (entry: T) => string | number | undefined,
  what: string,
  shown: (key: string | number) => string = (key) => show(key),
): Problem[] {
  const first = new Map<string | number, number>();
  const problems: Problem[] = [];
  list.forEach((entry, index) => {
    const key = keyOf(entry);
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else
      problems.push({
        path: [...at, index],
        message: `${what} ${shown(key)} is already used by ${at.join('.')}[${earlier}]`,
      });
  });
  return problems;
}

const missing = (noun: string, id: string) => `${noun} ${show(id)} is not in the directory`;

function personRef(known: Known, path: Path, id: string | undefined, noun = 'person'): Problem[] {
  return id === undefined || known.people.has(id) ? [] : [{ path, message: missing(noun, id) }];
}

function directoryReferences(doc: BackupDocument, known: Known): Problem[] {
  const problems: Problem[] = [];
  doc.directory.people.forEach((p, i) => {
    if (!known.organisations.has(p.organisationId))
      problems.push({
        path: ['directory', 'people', i, 'organisationId'],
        message: missing('organisation', p.organisationId),
      });
  });
  doc.directory.sites.forEach((s, i) => {
    const at = ['directory', 'sites', i];
    if (!known.organisations.has(s.clientId))
      problems.push({ path: [...at, 'clientId'], message: missing('organisation', s.clientId) });
    problems.push(...personRef(known, [...at, 'itContactId'], s.itContactId));
    s.vendorContactIds.forEach((id, j) => {
      const path = [...at, 'vendorContactIds', j];
      if (s.vendorContactIds.indexOf(id) < j) problems.push({ path, message: `${show(id)} is listed twice` });
      else problems.push(...personRef(known, path, id));
    });
  });
  return problems;
}

function incidentReferences(doc: BackupDocument, i: number, known: Known): Problem[] {
  const incident = doc.incidents[i]!;
  const at: Path = ['incidents', i];
  const problems: Problem[] = [
    ...(known.sites.has(incident.siteId)
      ? []
      : [{ path: [...at, 'siteId'], message: missing('site', incident.siteId) }]),
    ...personRef(known, [...at, 'coordinatorId'], incident.coordinatorId),
    ...personRef(known, [...at, 'reporterId'], incident.reporterId),
    ...duplicates(incident.participants, [...at, 'participants'], (p) => p.personId, 'person'),
    ...duplicates(incident.steps, [...at, 'steps'], (s) => s.number, 'number'),
    ...duplicates(incident.handoffs, [...at, 'handoffs'], (h) => h.number, 'number'),
  ];
  incident.participants.forEach((p, j) =>
    problems.push(...personRef(known, [...at, 'participants', j], p.personId)),
  );
  incident.steps.forEach((s, j) =>
    problems.push(...personRef(known, [...at, 'steps', j, 'ownerId'], s.ownerId)),
  );
  incident.handoffs.forEach((h, j) => {
    const path: Path = [...at, 'handoffs', j];
    if (!incident.steps.some((s) => s.number === h.stepNumber))
      problems.push({
        path: [...path, 'stepNumber'],
        message: `INC-${incident.number} has no step ${h.stepNumber}`,
      });
    problems.push(
      ...personRef(known, [...path, 'fromId'], h.fromId),
      ...personRef(known, [...path, 'toId'], h.toId),
      ...personRef(known, [...path, 'proposedById'], h.proposedById),
    );
  });
  return problems;
}

// The database keeps one unresolved incident per site (design §2): say which two collide.
function openIncidentsPerSite(doc: BackupDocument): Problem[] {
  const openAt = new Map<string, number>();
  const problems: Problem[] = [];
  doc.incidents.forEach((incident, i) => {
    if (incident.status === 'resolved') return;
    const earlier = openAt.get(incident.siteId);
    if (earlier === undefined) openAt.set(incident.siteId, i);
    else
      problems.push({
        path: ['incidents', i, 'status'],
        message: `site ${show(incident.siteId)} already has an unresolved incident, INC-${doc.incidents[earlier]!.number} (incidents[${earlier}]); a site has one open incident at a time`,
      });
  });
  return problems;
}

/** The payload fields of each event type that name a person. */
function payloadPeople(e: TimelineEvent): [string, string | undefined][] {
  switch (e.type) {
    case 'incident.opened':
      return [
        ['coordinatorId', e.payload.coordinatorId],
        ['reporterId', e.payload.reporterId],
      ];
    case 'participant.joined':
      return [['personId', e.payload.personId]];
    case 'step.added':
      return [['ownerId', e.payload.ownerId]];
    case 'handoff.proposed':
      return [
        ['fromId', e.payload.fromId],
        ['toId', e.payload.toId],
        ['proposedById', e.payload.proposedById],
      ];
    case 'handoff.accepted':
      return [
        ['fromId', e.payload.fromId],
        ['toId', e.payload.toId],
      ];
    case 'handoff.reminded':
      return [['toId', e.payload.toId]];
    case 'handoff.escalated':
    case 'update.reminded':
      return [['coordinatorId', e.payload.coordinatorId]];
    default:
      return [];
  }
}

function eventReferences(doc: BackupDocument, e: TimelineEvent, k: number, known: Known): Problem[] {
  const at: Path = ['timeline', k];
  if (!doc.incidents.some((i) => i.number === e.incidentNumber))
    return [
      { path: [...at, 'incidentNumber'], message: `INC-${e.incidentNumber} is not among the incidents` },
    ];
  const problems = [
    ...personRef(known, [...at, 'actorId'], e.actorId ?? undefined),
    ...payloadPeople(e).flatMap(([field, id]) => personRef(known, [...at, 'payload', field], id)),
  ];
  if (e.type === 'incident.opened' && !known.sites.has(e.payload.siteId))
    problems.push({ path: [...at, 'payload', 'siteId'], message: missing('site', e.payload.siteId) });
  return problems;
}

function deadlineReferences(doc: BackupDocument, k: number): Problem[] {
  const d = doc.deadlines[k]!;
  const at: Path = ['deadlines', k];
  const needsIncident = d.kind !== 'backup';
  const needsHandoff = d.kind === 'handoff.remind' || d.kind === 'handoff.escalate';
  if (d.incidentNumber === undefined)
    return needsIncident
      ? [{ path: [...at, 'incidentNumber'], message: `a ${d.kind} deadline needs an incident` }]
      : [];
  const incident = doc.incidents.find((i) => i.number === d.incidentNumber);
  if (!incident)
    return [
      { path: [...at, 'incidentNumber'], message: `INC-${d.incidentNumber} is not among the incidents` },
    ];
  if (d.handoffNumber === undefined)
    return needsHandoff
      ? [{ path: [...at, 'handoffNumber'], message: `a ${d.kind} deadline needs a handoff` }]
      : [];
  if (!incident.handoffs.some((h) => h.number === d.handoffNumber))
    return [
      { path: [...at, 'handoffNumber'], message: `INC-${incident.number} has no handoff ${d.handoffNumber}` },
    ];
  return [];
}
