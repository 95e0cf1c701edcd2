// /incident update, resolve, reopen, severity: the coordinator's levers.

import { decideReopen, decideResolve, decideSeverity, decideUpdate } from '../../domain/lifecycle.ts';
import { leftOpenSentence } from '../../domain/summary-lifecycle.ts';
import { nameOf } from '../../domain/directory-lookup.ts';
import { incidentRef } from '../../domain/incident-types.ts';
import { renderSummary } from '../../domain/summary.ts';
import type { AppDeps } from '../deps.ts';
import { decideAs, type Change } from '../mutate.ts';
import { inRoom, privately, type Reply } from '../reply.ts';
import type { IncidentRequest } from './request.ts';

export async function postUpdate(deps: AppDeps, request: IncidentRequest<'update'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideUpdate(ctx, incident, request.command.text),
  );
  const clients = change.incident.participants.filter((p) => p.role === 'client').length;
  return privately(
    `Update posted to ${clients} client contact${clients === 1 ? '' : 's'} of ${incidentRef(change.incident.number)}.`,
    change.incident.number,
  );
}

export async function resolveIncident(deps: AppDeps, request: IncidentRequest<'resolve'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideResolve(ctx, incident, request.command.summary),
  );
  const events = await deps.store.transaction((tx) => tx.timeline(change.incident.number));
  // Posted in the room for everyone, clients included, so the credit advice and any hint
  // of it stay out: it is the owner's to offer (/incident summary shows it to them).
  const summary = renderSummary(events, deps.directory(), deps.clock.now(), { credit: false });
  const ref = incidentRef(change.incident.number);
  const left = leftBehind(deps, change);
  return inRoom(
    `${ref} is resolved. Everyone has been told.${left ? ` ${left}` : ''}\n${summary}`,
    change.incident.number,
  );
}

/** What the resolution left open, named by owner and addressee, from the resolved event itself. */
function leftBehind(deps: AppDeps, change: Change): string | undefined {
  const resolved = change.events.find((e) => e.type === 'incident.resolved');
  if (resolved?.type !== 'incident.resolved') return undefined;
  const { steps, handoffs } = change.incident;
  return leftOpenSentence(
    (resolved.payload.openSteps ?? []).map((step) => ({
      step,
      ownerId: steps.find((s) => s.number === step)?.ownerId,
    })),
    (resolved.payload.unansweredHandoffs ?? []).map((handoff) => ({
      handoff,
      toId: handoffs.find((h) => h.number === handoff)?.toId,
    })),
    (id) => nameOf(deps.directory(), id),
  );
}

export async function changeSeverity(deps: AppDeps, request: IncidentRequest<'severity'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideSeverity(ctx, incident, request.command.severity),
  );
  const { number, severity } = change.incident;
  const changed = change.events.find((e) => e.type === 'incident.severity_changed');
  const text =
    changed?.type === 'incident.severity_changed'
      ? `${incidentRef(number)} is now ${severity} (was ${changed.payload.from}). Everyone has been told.`
      : `${incidentRef(number)} is already ${severity}; nothing changed.`;
  return privately(text, number);
}

export async function reopenIncident(deps: AppDeps, request: IncidentRequest<'reopen'>): Promise<Reply> {
  const change = await decideAs(deps, request, (ctx, incident) =>
    decideReopen(ctx, incident, request.command.reason),
  );
  return privately(
    `${incidentRef(change.incident.number)} is open again. Everyone has been told.`,
    change.incident.number,
  );
}
