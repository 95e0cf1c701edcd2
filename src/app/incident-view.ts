// A read model of one incident for adapters that render rooms and status messages
// (a pinned Slack message, a Discord thread): names and platform handles resolved,
// nothing to decide.

import type { Directory, Person } from '../domain/directory.ts';
import { findPerson, siteNameOf } from '../domain/directory-lookup.ts';
import type {
  HandoffStatus,
  Incident,
  IncidentStatus,
  ParticipantRole,
  Severity,
  StepStatus,
} from '../domain/incident-types.ts';
import { incidentRef } from '../domain/incident-types.ts';
import { renderStatus } from '../domain/status-report.ts';

export interface PersonView {
  id: string;
  name: string;
  handles: Person['handles'];
  /** Has an e-mail address: someone not on a chat platform is reached by e-mail instead (issue 14). */
  hasEmail?: true;
}

export interface IncidentView {
  number: number;
  ref: string;
  title: string;
  siteId: string;
  siteName: string;
  severity: Severity;
  status: IncidentStatus;
  coordinator: PersonView;
  participants: Array<PersonView & { role: ParticipantRole }>;
  steps: Array<{ number: number; title: string; owner: PersonView; ownerSince: Date; status: StepStatus }>;
  handoffs: Array<{
    number: number;
    step: number;
    /** The step's owner when offered; `proposedBy` wrote the note (the owner or the coordinator). */
    from: PersonView;
    proposedBy: PersonView;
    to: PersonView;
    note: string;
    status: HandoffStatus;
    reason?: string | undefined;
    proposedAt: Date;
    answeredAt?: Date | undefined;
  }>;
  rooms: Partial<Record<string, string>>;
  /** The same plain-words status `/incident status` shows. */
  statusText: string;
}

export function personView(directory: Directory, id: string): PersonView {
  const person = findPerson(directory, id);
  return {
    id,
    name: person?.name ?? id,
    handles: person?.handles ?? {},
    ...(person?.email ? { hasEmail: true as const } : {}),
  };
}

export function toIncidentView(incident: Incident, directory: Directory, now: Date): IncidentView {
  const who = (id: string) => personView(directory, id);
  return {
    number: incident.number,
    ref: incidentRef(incident.number),
    title: incident.title,
    siteId: incident.siteId,
    siteName: siteNameOf(directory, incident.siteId),
    severity: incident.severity,
    status: incident.status,
    coordinator: who(incident.coordinatorId),
    participants: incident.participants.map((p) => ({ ...who(p.personId), role: p.role })),
    steps: incident.steps.map((s) => ({
      number: s.number,
      title: s.title,
      owner: who(s.ownerId),
      ownerSince: s.ownerSince,
      status: s.status,
    })),
    handoffs: incident.handoffs.map((h) => ({
      number: h.number,
      step: h.stepNumber,
      from: who(h.fromId),
      to: who(h.toId),
      proposedBy: who(h.proposedById),
      note: h.note,
      status: h.status,
      reason: h.reason,
      proposedAt: h.proposedAt,
      answeredAt: h.answeredAt,
    })),
    rooms: { ...incident.rooms },
    statusText: renderStatus(incident, directory, now),
  };
}
