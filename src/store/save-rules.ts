// What both stores (Prisma and memory) agree on when saving: the timeline continuity check,
// the conflict messages, and the order in which loaded values come back. No Prisma here,
// so the memory store stays light.

import type { Directory } from '../domain/directory.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { incidentRef, type Incident, type Participant } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';

/** Checks that `events` continue the stored timeline up to `incident.version`; returns the stored version expected. */
export function checkEvents(incident: Incident, events: TimelineEvent[]): number {
  const previous = incident.version - events.length;
  const ref = incidentRef(incident.number);
  if (previous < 0) {
    throw new ValidationError(
      `${ref}: version ${incident.version} is lower than the ${events.length} new events.`,
    );
  }
  events.forEach((event, i) => {
    if (event.incidentNumber !== incident.number || event.seq !== previous + i + 1) {
      throw new ValidationError(
        `${ref}: event ${i + 1} of ${events.length} is ${incidentRef(event.incidentNumber)} #${event.seq}, expected #${previous + i + 1}.`,
      );
    }
  });
  return previous;
}

export const conflicts = {
  changed: (number: number, cause?: unknown) =>
    new ConflictError(`${incidentRef(number)} changed while you were typing; please try again.`, {
      cause,
      retryable: true,
    }),
  numberTaken: (number: number, cause?: unknown) =>
    new ConflictError(`${incidentRef(number)} was just opened by someone else; please try again.`, {
      cause,
      retryable: true,
    }),
  siteTaken: (siteId: string, cause?: unknown) =>
    new ConflictError(`Site ${siteId} already has an open incident; report to that one instead.`, {
      cause,
      retryable: true,
    }),
  sharedHandle: (cause?: unknown) =>
    new ConflictError(
      'Two people in the directory share a Slack or Discord handle; each handle belongs to one person.',
      {
        cause,
      },
    ),
};

/** The key that lets the database refuse a second unresolved incident for one site. */
export function openSiteKey(incident: Incident): string | null {
  return incident.status === 'resolved' ? null : incident.siteId;
}

/** The schema has no position column: participants come back by join time, then person id. */
export function compareParticipants(a: Participant, b: Participant): number {
  const byTime = a.joinedAt.getTime() - b.joinedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
}

/** Deadlines in the order the Store port lists them: by time, then key (both stores). */
export function compareDeadlines(a: { at: Date; key: string }, b: { at: Date; key: string }): number {
  return a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The directory in id order, the order both stores load it in (and lock rows in). */
export function sortDirectory(directory: Directory): Directory {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    organisations: [...directory.organisations].sort(byId),
    people: [...directory.people].sort(byId),
    sites: [...directory.sites].sort(byId),
  };
}
