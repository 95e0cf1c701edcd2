// /incident step add, step done, handoff, accept, decline.

import { resolveMention } from '../../commands/index.ts';
import { nameOf } from '../../domain/directory-lookup.ts';
import { decideAccept, decideDecline, decidePropose, pendingHandoffFor } from '../../domain/handoffs.ts';
import { findHandoff, incidentRef, type Handoff } from '../../domain/incident-types.ts';
import { decideAddStep, decideCompleteStep } from '../../domain/steps.ts';
import type { AppDeps } from '../deps.ts';
import { decideAs } from '../mutate.ts';
import { privately, type Reply } from '../reply.ts';
import type { IncidentRequest } from './request.ts';

export async function addStep(deps: AppDeps, request: IncidentRequest<'step.add'>): Promise<Reply> {
  const { command } = request;
  const owner = command.owner ? resolveMention(command.owner, deps.directory()) : undefined;
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideAddStep(ctx, incident, {
      title: command.title,
      ownerId: owner?.id,
    }),
  );
  const step = change.incident.steps.at(-1)!;
  const ref = incidentRef(change.incident.number);
  const pending = pendingHandoffFor(change.incident, step.number);
  const tail = pending
    ? ` It stays yours until ${nameOf(deps.directory(), pending.toId)} accepts H${pending.number}.`
    : ' It is yours.';
  return privately(`Added step ${step.number} to ${ref}: "${step.title}".${tail}`, change.incident.number);
}

export async function completeStep(deps: AppDeps, request: IncidentRequest<'step.done'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideCompleteStep(ctx, incident, request.command.step),
  );
  return privately(
    `Step ${request.command.step} of ${incidentRef(change.incident.number)} is done.`,
    change.incident.number,
  );
}

export async function proposeHandoff(deps: AppDeps, request: IncidentRequest<'handoff'>): Promise<Reply> {
  const { command } = request;
  const to = resolveMention(command.to, deps.directory());
  const change = await decideAs(deps, request, (ctx, incident) =>
    decidePropose(ctx, incident, {
      step: command.step,
      toId: to.id,
      note: command.note,
    }),
  );
  const h = change.incident.handoffs.at(-1)!;
  const own = h.fromId === request.person.id;
  const owner = nameOf(deps.directory(), h.fromId);
  return privately(
    `Offered ${own ? 'step' : `${owner}'s step`} ${h.stepNumber} to ${to.name} (H${h.number}). ${own ? 'It stays yours' : `It stays with ${owner}`} until ${to.name} accepts; I'll chase ${to.name} if there is no answer.`,
    change.incident.number,
  );
}

/** The step's owner and, when someone else offered it, the proposer: both hear the answer. */
function toldOf(deps: AppDeps, h: Handoff): string {
  const name = (id: string) => nameOf(deps.directory(), id);
  return h.fromId === h.proposedById ? name(h.fromId) : `${name(h.fromId)} and ${name(h.proposedById)}`;
}

export async function acceptHandoff(deps: AppDeps, request: IncidentRequest<'accept'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideAccept(ctx, incident, request.command.handoff),
  );
  const h = findHandoff(change.incident, request.command.handoff)!;
  const step = change.incident.steps.find((s) => s.number === h.stepNumber)!;
  return privately(
    `You accepted H${h.number}: step ${step.number} ("${step.title}") is yours now. ${toldOf(deps, h)} ${h.fromId === h.proposedById ? 'has' : 'have'} been told.`,
    change.incident.number,
  );
}

export async function declineHandoff(deps: AppDeps, request: IncidentRequest<'decline'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideDecline(ctx, incident, request.command.handoff, request.command.reason),
  );
  const h = findHandoff(change.incident, request.command.handoff)!;
  return privately(
    h.fromId === h.proposedById
      ? `You declined H${h.number}. Step ${h.stepNumber} stays with ${nameOf(deps.directory(), h.fromId)}, who has your reason.`
      : `You declined H${h.number}. Step ${h.stepNumber} stays with ${nameOf(deps.directory(), h.fromId)}; ${toldOf(deps, h)} have your reason.`,
    change.incident.number,
  );
}
