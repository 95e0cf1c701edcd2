// /incident update, resolve, reopen: the coordinator's levers.

import { decideReopen, decideResolve, decideUpdate } from '../../domain/lifecycle.ts';
import { incidentRef } from '../../domain/incident-types.ts';
import { renderSummary } from '../../domain/summary.ts';
import type { AppDeps } from '../deps.ts';
import { mutateIncident } from '../mutate.ts';
import { privately, type Reply } from '../reply.ts';
import type { IncidentRequest } from './request.ts';

export async function postUpdate(deps: AppDeps, request: IncidentRequest<'update'>): Promise<Reply> {
  const change = await mutateIncident(
    deps,
    request.incidentNumber,
    (incident, directory, now) =>
      decideUpdate({ directory, actorId: request.person.id, now }, incident, request.command.text),
    request.idempotencyKey,
  );
  const clients = change.incident.participants.filter((p) => p.role === 'client').length;
  return privately(
    `Update posted to ${clients} client contact${clients === 1 ? '' : 's'} of ${incidentRef(change.incident.number)}.`,
    change.incident.number,
  );
}

export async function resolveIncident(deps: AppDeps, request: IncidentRequest<'resolve'>): Promise<Reply> {
  const change = await mutateIncident(
    deps,
    request.incidentNumber,
    (incident, directory, now) =>
      decideResolve({ directory, actorId: request.person.id, now }, incident, request.command.summary),
    request.idempotencyKey,
  );
  const events = await deps.store.transaction((tx) => tx.timeline(change.incident.number));
  const summary = renderSummary(events, deps.directory(), deps.clock.now());
  return privately(
    `${incidentRef(change.incident.number)} is resolved. Everyone has been told.\n${summary}`,
    change.incident.number,
  );
}

export async function reopenIncident(deps: AppDeps, request: IncidentRequest<'reopen'>): Promise<Reply> {
  const change = await mutateIncident(
    deps,
    request.incidentNumber,
    (incident, directory, now) =>
      decideReopen({ directory, actorId: request.person.id, now }, incident, request.command.reason),
    request.idempotencyKey,
  );
  return privately(
    `${incidentRef(change.incident.number)} is open again. Everyone has been told.`,
    change.incident.number,
  );
}
