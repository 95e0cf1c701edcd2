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

const isClientContact = (incident: Incident, personId: string) =>
  participantOf(incident, personId)?.role === 'client';

/**
 * The coordinator is the client's go-between with suppliers (design §1.2): a client contact
 * adds steps for themselves, or offers a new one to the coordinator, never to anyone else.
 */
export function assertMayAddStepFor(
  incident: Incident,
  directory: Directory,
  actorId: string,
  ownerId: string,
): void {
  if (!isClientContact(incident, actorId) || ownerId === actorId || ownerId === incident.coordinatorId)
    return;
  const coordinator = nameOf(directory, incident.coordinatorId);
  throw new PermissionError(
    `${nameOf(directory, actorId)}, steps for others go through ${coordinator}, who coordinates ${incidentRef(incident.number)}: ask ${coordinator}, or add it for yourself.`,
  );
}

/** A client contact hands their own steps only to the coordinator, who finds the right person. */
export function assertMayOfferTo(
  incident: Incident,
  directory: Directory,
  actorId: string,
  offer: { step: number; toId: string },
): void {
  if (!isClientContact(incident, actorId) || offer.toId === incident.coordinatorId) return;
  const coordinator = nameOf(directory, incident.coordinatorId);
  throw new PermissionError(
    `${nameOf(directory, actorId)}, your steps go to others through ${coordinator}, who coordinates ${incidentRef(incident.number)}: hand step ${offer.step} to ${coordinator} (/incident handoff ${offer.step} @${coordinator} <what you saw and did>), and ${coordinator} finds the right person.`,
  );
}

/**
 * No client ever sees another client's incident (design §2 Audiences), so nobody can pull a
 * contact of another client in with a handoff: joining would show them everything.
 */
export function assertMayBringIn(incident: Incident, directory: Directory, personId: string): void {
  if (participantOf(incident, personId) || orgKindOf(directory, personId) !== 'client') return;
  const person = findPerson(directory, personId);
  const ownClients = new Set(
    [
      directory.sites.find((s) => s.id === incident.siteId)?.clientId,
      ...incident.participants
        .filter((p) => p.role === 'client')
        .map((p) => findPerson(directory, p.personId)?.organisationId),
    ].filter((id) => id !== undefined),
  );
  if (!person || ownClients.has(person.organisationId)) return;
  const org = directory.organisations.find((o) => o.id === person.organisationId)?.name ?? 'another client';
  throw new PermissionError(
    `${person.name} is a contact of ${org}, another client, and can’t be brought into ${incidentRef(incident.number)}.`,
  );
}
