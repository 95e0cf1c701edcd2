// /incident status and /incident summary: read-only, for anyone allowed to see the incident.

import { assertCanView } from '../../domain/access.ts';
import { renderStatus } from '../../domain/status-report.ts';
import { orgKindOf } from '../../domain/directory-lookup.ts';
import { renderSummary } from '../../domain/summary.ts';
import type { AppDeps } from '../deps.ts';
import { loadIncidentOrThrow } from '../mutate.ts';
import { privately, type Reply } from '../reply.ts';
import type { IncidentRequest } from './request.ts';

export async function showStatus(deps: AppDeps, request: IncidentRequest<'status'>): Promise<Reply> {
  const incident = await deps.store.autocommit((tx) => loadIncidentOrThrow(tx, request.incidentNumber));
  assertCanView(incident, deps.directory(), request.person.id);
  return privately(renderStatus(incident, deps.directory(), deps.clock.now()), incident.number);
}

export async function showSummary(deps: AppDeps, request: IncidentRequest<'summary'>): Promise<Reply> {
  const { incident, events } = await deps.store.transaction(async (tx) => ({
    incident: await loadIncidentOrThrow(tx, request.incidentNumber),
    events: await tx.timeline(request.incidentNumber),
  }));
  const directory = deps.directory();
  assertCanView(incident, directory, request.person.id);
  // The credit advice is the owner's to offer, and it shows the client's fee: only the
  // provider sees it; clients and vendors see the rest.
  const credit = orgKindOf(directory, request.person.id) === 'provider';
  return privately(renderSummary(events, directory, deps.clock.now(), { credit }), incident.number);
}
