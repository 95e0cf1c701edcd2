// The summary's data: what the timeline says happened, with ids and times only, so it
// can be rendered for chat (Markdown), for the web (HTML, SVG) or served as JSON.

import type { Severity } from './incident-types.ts';
import type { AnswerChannel } from './timeline-types.ts';

export interface Interval {
  from: Date;
  /** Unset while the interval is still running (the incident is open). */
  to?: Date | undefined;
}

/** One owner's hold on a step: from taking it until handing it on, finishing it, or now. */
export interface Holding extends Interval {
  ownerId: string;
}

export interface StepSummary {
  step: number;
  title: string;
  addedAt: Date;
  doneAt?: Date | undefined;
  holdings: Holding[];
}

export type HandoffOutcomeStatus = 'accepted' | 'declined' | 'expired';

export interface HandoffSummary {
  handoff: number;
  step: number;
  fromId: string;
  toId: string;
  /** The note's author: the owner (fromId), or the coordinator offering the owner's step. */
  proposedById: string;
  note: string;
  proposedAt: Date;
  outcome?:
    | {
        status: HandoffOutcomeStatus;
        at: Date;
        reason?: string | undefined;
        /** Set when the addressee answered by an e-mail link rather than in chat. */
        via?: AnswerChannel | undefined;
      }
    | undefined;
  remindedAt: Date[];
  escalatedAt: Date[];
}

/** The bot chasing someone: a handoff reminder or escalation, or an update reminder. */
export interface Chase {
  kind: 'handoff.reminded' | 'handoff.escalated' | 'update.reminded';
  at: Date;
  /** The person chased: the addressee, or the coordinator. */
  personId: string;
  handoff?: number | undefined;
  step?: number | undefined;
}

export interface ClientUpdate {
  at: Date;
  byId: string | null;
  text: string;
}

/** A step still open when the incident was resolved, with its owner at that moment. */
export interface LeftOpenStep {
  step: number;
  ownerId?: string | undefined;
}

/** A handoff still pending when the incident was resolved (resolving closed it). */
export interface LeftUnanswered {
  handoff: number;
  toId?: string | undefined;
}

/** One turn in the incident's life, in timeline order. */
export type LifecycleEntry = { at: Date; byId: string | null } & (
  | { kind: 'opened'; severity: Severity }
  | { kind: 'severity'; from: Severity; to: Severity }
  | {
      kind: 'resolved';
      text: string;
      /** Undefined for timelines recorded before these facts were kept. */
      openSteps?: LeftOpenStep[] | undefined;
      unansweredHandoffs?: LeftUnanswered[] | undefined;
    }
  | { kind: 'reopened'; text: string }
);

export interface Summary {
  number: number;
  title: string;
  siteId: string;
  /** The current severity; the changes are in `lifecycle`. */
  severity: string;
  coordinatorId: string;
  reporterId: string;
  openedAt: Date;
  /** Set while the incident is resolved; cleared by a reopen. */
  resolvedAt?: Date | undefined;
  resolution?: string | undefined;
  /** Opened → resolved, and again from every reopen: the outage as the timeline tells it. */
  downtime: Interval[];
  firstResponse?: { at: Date; actorId: string } | undefined;
  steps: StepSummary[];
  handoffs: HandoffSummary[];
  chases: Chase[];
  updates: ClientUpdate[];
  deflections: Array<{ at: Date; actorId: string | null; phrase: string }>;
  reopenings: Array<{ at: Date; byId: string | null; reason: string }>;
  /** Opened, every severity change, every resolution and reopening, in order. */
  lifecycle: LifecycleEntry[];
}

/** Who waited on whom: a handoff's sender cannot move on until the addressee answers. */
export interface Wait {
  waiterId: string;
  waitedOnId: string;
  totalMs: number;
  handoffs: number[];
  /** Some of these handoffs are still unanswered. */
  ongoing: boolean;
}
