// Who may do what in an incident. Every refusal names the person who CAN do it.

import type { Directory } from './directory.ts';
import { findPerson, nameOf, orgKindOf } from './directory-lookup.ts';
import { ConflictError, PermissionError } from './errors.ts';
import { incidentRef, type Incident, type Participant } from './incident-types.ts';

export function participantOf(incident: Incident, personId: string): Participant | undefined {
  return incident.participants.find((p) => p.personId === personId);
}

export function isCoordinator(incident: Incident, personId: string): boolean {
  return incident.coordinatorId === personId;
}

/** Transparency (design §1.5): participants read everything; the provider reads all incidents. */
export function canView(incident: Incident, directory: Directory, personId: string): boolean {
  return !!participantOf(incident, personId) || orgKindOf(directory, personId) === 'provider';
}

export function assertCanView(incident: Incident, directory: Directory, personId: string): void {
  if (!canView(incident, directory, personId)) {
    throw new PermissionError(
      `You are not part of ${incidentRef(incident.number)}, so I can't show it to you.`,
    );
  }
}

/** A participant who is not a mere observer may work on the incident. */
export function assertCanWork(incident: Incident, directory: Directory, personId: string): void {
  const participant = participantOf(incident, personId);
  if (!participant || participant.role === 'observer') {
    const who = findPerson(directory, personId)?.name ?? 'You';
    throw new PermissionError(
      `${who}, you are not working on ${incidentRef(incident.number)}. Ask the coordinator, ${nameOf(directory, incident.coordinatorId)}, to hand you a step.`,
    );
  }
}

export function assertCoordinator(
  incident: Incident,
  directory: Directory,
  personId: string,
  what: string,
): void {
  if (!isCoordinator(incident, personId)) {
    throw new PermissionError(
      `Only the coordinator, ${nameOf(directory, incident.coordinatorId)}, can ${what} on ${incidentRef(incident.number)}.`,
    );
  }
}

export function assertNotResolved(incident: Incident): void {
  if (incident.status === 'resolved') {
    throw new ConflictError(
      `${incidentRef(incident.number)} is resolved. If it is not over, reopen it first: /incident reopen <why>.`,
    );
  }
}
