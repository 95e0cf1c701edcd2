// Steps: numbered units of work, each with exactly one owner.

import {
  assertCanWork,
  assertMayAddStepFor,
  assertMayBringIn,
  assertNotResolved,
  isCoordinator,
} from './access.ts';
import { nameOf } from './directory-lookup.ts';
import { ConflictError, PermissionError } from './errors.ts';
import { decidePropose, expirePending, requireStep } from './handoffs.ts';
import { record } from './evolve.ts';
import type { Incident } from './incident-types.ts';
import type { DecisionContext } from './open-incident.ts';
import { requireText } from './text.ts';
import type { NewEvent } from './timeline-types.ts';

/**
 * A new step belongs to whoever adds it. Naming another owner does not assign it:
 * it proposes a handoff they must accept (no one is handed work without saying yes).
 */
export function decideAddStep(
  ctx: DecisionContext,
  incident: Incident,
  request: { title: string; ownerId?: string | undefined },
): NewEvent[] {
  assertNotResolved(incident);
  assertCanWork(incident, ctx.directory, ctx.actorId);
  const title = requireText(
    request.title,
    'A step needs a title, e.g. /incident step add Check the web server logs',
  );
  if (request.ownerId) {
    assertMayAddStepFor(incident, ctx.directory, ctx.actorId, request.ownerId);
    assertMayBringIn(incident, ctx.directory, request.ownerId);
  }
  const number = incident.steps.length + 1;
  const added: NewEvent = {
    at: ctx.now,
    actorId: ctx.actorId,
    type: 'step.added',
    payload: { step: number, title, ownerId: ctx.actorId },
  };
  if (!request.ownerId || request.ownerId === ctx.actorId) return [added];
  const withStep = record(incident, incident.number, [added]).incident;
  const note = `New step for you: "${title}". Asked by ${nameOf(ctx.directory, ctx.actorId)}.`;
  return [added, ...decidePropose(ctx, withStep, { step: number, toId: request.ownerId, note })];
}

export function decideCompleteStep(ctx: DecisionContext, incident: Incident, stepNumber: number): NewEvent[] {
  assertNotResolved(incident);
  const step = requireStep(incident, stepNumber);
  const owner = nameOf(ctx.directory, step.ownerId);
  if (step.ownerId !== ctx.actorId && !isCoordinator(incident, ctx.actorId)) {
    throw new PermissionError(
      `Step ${step.number} is owned by ${owner}. Only ${owner} or the coordinator can mark it done.`,
    );
  }
  if (step.status === 'done') throw new ConflictError(`Step ${step.number} is already done.`);
  const reason = `Step ${step.number} was marked done by ${nameOf(ctx.directory, ctx.actorId)}.`;
  return [
    ...expirePending(ctx, incident, reason, step.number),
    { at: ctx.now, actorId: ctx.actorId, type: 'step.done', payload: { step: step.number } },
  ];
}
