// Handoffs: the only way a step changes hands (design §1.1, §2 Handoff).
// The sender keeps the step until the addressee accepts; a decline needs a reason.

import {
  assertCanWork,
  assertMayBringIn,
  assertMayOfferTo,
  assertNotResolved,
  isCoordinator,
  participantOf,
} from './access.ts';
import { defaultRole, nameOf, requirePerson } from './directory-lookup.ts';
import { ConflictError, NotFoundError, PermissionError, ValidationError } from './errors.ts';
import { findHandoff, type Handoff, type Incident, type Step } from './incident-types.ts';
import { pendingHandoffFor } from './pending-handoffs.ts';
import type { DecisionContext } from './open-incident.ts';
import { requireText } from './text.ts';
import type { AnswerChannel, NewEvent } from './timeline-types.ts';

export function requireStep(incident: Incident, number: number): Step {
  const step = incident.steps.find((s) => s.number === number);
  if (!step) {
    const known = incident.steps.map((s) => s.number).join(', ');
    throw new NotFoundError(
      `There is no step ${number} in INC-${incident.number}. ${known ? `Steps: ${known}.` : 'It has no steps yet: /incident step add <title>.'}`,
    );
  }
  return step;
}

export function requireHandoff(incident: Incident, number: number): Handoff {
  const handoff = findHandoff(incident, number);
  if (!handoff) throw new NotFoundError(`There is no handoff H${number} in INC-${incident.number}.`);
  return handoff;
}

/**
 * Who wrote a handoff's note: recorded since proposers and owners were told apart; older
 * events name only the sender, and their actor (when there is one) is the proposer.
 */
export function proposerOf(event: {
  actorId: string | null;
  payload: { fromId: string; proposedById?: string | undefined };
}): string {
  return event.payload.proposedById ?? event.actorId ?? event.payload.fromId;
}

export { pendingHandoffFor } from './pending-handoffs.ts';

export interface HandoffRequest {
  step: number;
  toId: string;
  note: string;
}

export function decidePropose(ctx: DecisionContext, incident: Incident, request: HandoffRequest): NewEvent[] {
  assertNotResolved(incident);
  const step = requireStepToHandOn(ctx, incident, request.step);
  const to = requireRecipient(ctx, incident, step, request.toId);
  const pending = requireFreeToOffer(ctx, incident, step, to);
  const note = requireText(request.note, 'A handoff needs a note saying what you saw and what you did.');
  const { directory, actorId } = ctx;
  const base = { at: ctx.now, actorId };
  const events: NewEvent[] = pending
    ? expirePending(
        ctx,
        incident,
        `${nameOf(directory, actorId)}, the coordinator, offered step ${step.number} to ${to.name} instead.`,
        step.number,
      )
    : [];
  if (!participantOf(incident, to.id)) {
    events.push({
      ...base,
      type: 'participant.joined',
      payload: { personId: to.id, role: defaultRole(directory, to.id) },
    });
  }
  events.push({
    ...base,
    type: 'handoff.proposed',
    payload: {
      handoff: incident.handoffs.length + 1,
      step: step.number,
      fromId: step.ownerId,
      toId: to.id,
      proposedById: actorId,
      note,
    },
  });
  return events;
}

/** The step, when the actor may hand it on: its owner, or the coordinator; and it is not done. */
function requireStepToHandOn(ctx: DecisionContext, incident: Incident, stepNumber: number): Step {
  const { directory, actorId } = ctx;
  // Whoever owns a step may hand it on, whatever their role (an observer who accepted one
  // must not be stuck with it); anyone else must be working on the incident to offer it.
  const owns = incident.steps.some((s) => s.number === stepNumber && s.ownerId === actorId);
  if (!owns) assertCanWork(incident, directory, actorId);
  const step = requireStep(incident, stepNumber);
  const owner = nameOf(directory, step.ownerId);
  if (step.ownerId !== actorId && !isCoordinator(incident, actorId)) {
    throw new PermissionError(
      `Step ${step.number} is owned by ${owner}. Only ${owner} or the coordinator can hand it off.`,
    );
  }
  if (step.status === 'done')
    throw new ConflictError(`Step ${step.number} is already done; there is nothing to hand off.`);
  return step;
}

/** The person the step is offered to: in the directory, not its owner, not the actor, allowed in. */
function requireRecipient(ctx: DecisionContext, incident: Incident, step: Step, toId: string) {
  const { directory, actorId } = ctx;
  const to = requirePerson(directory, toId);
  if (to.id === step.ownerId) throw new ValidationError(`${to.name} already owns step ${step.number}.`);
  // The coordinator cannot take a step by offering it to themselves: the owner hands it over.
  if (to.id === actorId) {
    const owner = nameOf(directory, step.ownerId);
    throw new ValidationError(
      `${to.name}, you can't offer step ${step.number} to yourself. Only ${owner} can hand it to you: ask ${owner} to type /incident handoff ${step.number} @${to.name} <what ${owner} saw and did>.`,
    );
  }
  assertMayOfferTo(incident, directory, actorId, { step: step.number, toId: to.id });
  assertMayBringIn(incident, directory, to.id);
  return to;
}

/**
 * One pending handoff per step. Only the coordinator may replace a silent one (after an
 * escalation): the old offer is closed explicitly, on the record, never by itself. Returns
 * the pending offer the coordinator replaces, if any.
 */
function requireFreeToOffer(
  ctx: DecisionContext,
  incident: Incident,
  step: Step,
  to: { id: string; name: string },
): Handoff | undefined {
  const pending = pendingHandoffFor(incident, step.number);
  if (pending && !isCoordinator(incident, ctx.actorId)) {
    throw new ConflictError(
      `Step ${step.number} already has a pending handoff (H${pending.number}) to ${nameOf(ctx.directory, pending.toId)}. Wait for their answer first, or ask the coordinator, ${nameOf(ctx.directory, incident.coordinatorId)}, to offer it to someone else.`,
    );
  }
  if (pending?.toId === to.id) {
    throw new ConflictError(`Step ${step.number} is already offered to ${to.name} (H${pending.number}).`);
  }
  return pending;
}

function requireAnswerable(ctx: DecisionContext, incident: Incident, number: number): Handoff {
  assertNotResolved(incident);
  const handoff = requireHandoff(incident, number);
  const addressee = nameOf(ctx.directory, handoff.toId);
  if (handoff.toId !== ctx.actorId) {
    throw new PermissionError(
      `Handoff H${handoff.number} is for ${addressee}. Only ${addressee} can accept or decline it.`,
    );
  }
  if (handoff.status !== 'pending') {
    throw new ConflictError(`Handoff H${handoff.number} was already ${handoff.status}.`);
  }
  return handoff;
}

/** How the answer came, when not by a chat command; recorded so the paper trail can say so. */
export interface AnswerOptions {
  via?: AnswerChannel | undefined;
}

const viaField = (options: AnswerOptions) => (options.via ? { via: options.via } : {});

export function decideAccept(
  ctx: DecisionContext,
  incident: Incident,
  number: number,
  options: AnswerOptions = {},
): NewEvent[] {
  const h = requireAnswerable(ctx, incident, number);
  return [
    {
      at: ctx.now,
      actorId: ctx.actorId,
      type: 'handoff.accepted',
      payload: {
        handoff: h.number,
        step: h.stepNumber,
        fromId: h.fromId,
        toId: h.toId,
        ...viaField(options),
      },
    },
  ];
}

export function decideDecline(
  ctx: DecisionContext,
  incident: Incident,
  number: number,
  reason: string,
  options: AnswerOptions = {},
): NewEvent[] {
  const h = requireAnswerable(ctx, incident, number);
  const why = requireText(
    reason,
    `Declining needs a reason, so ${nameOf(ctx.directory, h.fromId)} knows what to do next.`,
  );
  return [
    {
      at: ctx.now,
      actorId: ctx.actorId,
      type: 'handoff.declined',
      payload: { handoff: h.number, step: h.stepNumber, reason: why, ...viaField(options) },
    },
  ];
}

/** Explicitly closes every pending handoff: used when a step is done or the incident resolves. */
export function expirePending(
  ctx: DecisionContext,
  incident: Incident,
  reason: string,
  stepNumber?: number,
): NewEvent[] {
  return incident.handoffs
    .filter((h) => h.status === 'pending' && (stepNumber === undefined || h.stepNumber === stepNumber))
    .map((h) => ({
      at: ctx.now,
      actorId: ctx.actorId,
      type: 'handoff.expired' as const,
      payload: { handoff: h.number, step: h.stepNumber, reason },
    }));
}
