// The append-only timeline: every change to an incident is one of these events,
// with its time and actor. The incident's state is the fold of its events
// (see evolve.ts), so no change can exist without its event.

import type { ParticipantRole, Severity } from './incident-types.ts';

/** How an answer reached us when not by a chat command: an Accept / Decline link in an e-mail. */
export type AnswerChannel = 'email';

interface EventPayloads {
  'incident.opened': {
    number: number;
    siteId: string;
    title: string;
    severity: Severity;
    coordinatorId: string;
    reporterId: string;
  };
  'incident.report_joined': { text: string };
  'participant.joined': { personId: string; role: ParticipantRole };
  'room.linked': { platform: string; roomId: string };
  'step.added': { step: number; title: string; ownerId: string };
  'step.done': { step: number };
  'handoff.proposed': {
    handoff: number;
    step: number;
    /** The step's owner when offered: it stays theirs until the addressee accepts. */
    fromId: string;
    toId: string;
    /** The note's author: the owner, or the coordinator offering someone else's step. */
    proposedById?: string;
    note: string;
  };
  /** `via` is set when the addressee answered outside chat (an e-mail link); absent: in chat. */
  'handoff.accepted': { handoff: number; step: number; fromId: string; toId: string; via?: AnswerChannel };
  'handoff.declined': { handoff: number; step: number; reason: string; via?: AnswerChannel };
  'handoff.expired': { handoff: number; step: number; reason: string };
  'handoff.reminded': { handoff: number; step: number; toId: string };
  'handoff.escalated': { handoff: number; step: number; coordinatorId: string };
  'blame.flagged': { steps: number[]; phrase: string; text: string };
  'update.posted': { text: string };
  'update.reminded': { coordinatorId: string };
  /**
   * What was still open when it was resolved, so the summary can say so from the timeline
   * alone. Absent in timelines written before these facts were recorded.
   */
  'incident.resolved': { summary: string; openSteps?: number[]; unansweredHandoffs?: number[] };
  'incident.reopened': { reason: string };
  'incident.severity_changed': { from: Severity; to: Severity };
  /** A message could not be delivered for good (the person left the server, an archived channel). */
  'delivery.failed': { platform: string; personId?: string; reason: string };
}

export type EventType = keyof EventPayloads;
export const EVENT_TYPES = [
  'incident.opened',
  'incident.report_joined',
  'participant.joined',
  'room.linked',
  'step.added',
  'step.done',
  'handoff.proposed',
  'handoff.accepted',
  'handoff.declined',
  'handoff.expired',
  'handoff.reminded',
  'handoff.escalated',
  'blame.flagged',
  'update.posted',
  'update.reminded',
  'incident.resolved',
  'incident.reopened',
  'incident.severity_changed',
  'delivery.failed',
] as const satisfies readonly EventType[];

/** An event before it is numbered: what a domain decision produces. */
export type NewEvent = {
  [K in EventType]: { type: K; at: Date; actorId: string | null; payload: EventPayloads[K] };
}[EventType];

/** A recorded event: numbered within its incident, never changed afterwards. */
export type TimelineEvent = NewEvent & { incidentNumber: number; seq: number };

export type PayloadOf<K extends EventType> = EventPayloads[K];
