// /incident update, resolve, reopen: the coordinator's levers.

import { decideReopen, decideResolve, decideUpdate } from '../../domain/lifecycle.ts';
import { incidentRef } from '../../domain/incident-types.ts';
import { renderSummary } from '../../domain/summary.ts';
import type { AppDeps } from '../deps.ts';
import { decideAs } from '../mutate.ts';
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
  return inRoom(`${ref} is resolved. Everyone has been told.\n${summary}`, change.incident.number);
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
