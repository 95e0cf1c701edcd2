// Opening an incident, and a second report for a site that already has one.

import type { Directory, Site } from './directory.ts';
import {
  clientContactsOf,
  defaultRole,
  isRelatedToSite,
  nameOf,
  requirePerson,
  requireSite,
} from './directory-lookup.ts';
import { PermissionError } from './errors.ts';
import type { Incident, ParticipantRole, Severity } from './incident-types.ts';
import type { NewEvent } from './timeline-types.ts';

export interface DecisionContext {
  directory: Directory;
  actorId: string;
  now: Date;
}

export interface OpenRequest {
  number: number;
  siteId: string;
  title: string;
  severity: Severity;
}

function assertMayReport(ctx: DecisionContext, site: Site): void {
  requirePerson(ctx.directory, ctx.actorId);
  if (!isRelatedToSite(ctx.directory, site, ctx.actorId)) {
    throw new PermissionError(
      `${nameOf(ctx.directory, ctx.actorId)}, you are not a contact for ${site.name}, so you can't report its outages. Ask your IT contact to add you to the directory.`,
    );
  }
}

/** The people an incident pulls in at once, each with their role (design §2 Participant). */
function initialParticipants(
  ctx: DecisionContext,
  site: Site,
): Array<{ personId: string; role: ParticipantRole }> {
  const list: Array<{ personId: string; role: ParticipantRole }> = [
    { personId: site.itContactId, role: 'coordinator' },
    ...site.vendorContactIds.map((personId) => ({ personId, role: 'vendor' as const })),
    ...clientContactsOf(ctx.directory, site).map((p) => ({ personId: p.id, role: 'client' as const })),
  ];
  if (!list.some((p) => p.personId === ctx.actorId)) {
    list.push({ personId: ctx.actorId, role: defaultRole(ctx.directory, ctx.actorId) });
  }
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.personId) && seen.add(p.personId));
}

export function decideOpen(ctx: DecisionContext, request: OpenRequest): NewEvent[] {
  const site = requireSite(ctx.directory, request.siteId);
  assertMayReport(ctx, site);
  const base = { at: ctx.now, actorId: ctx.actorId };
  return [
    {
      ...base,
      type: 'incident.opened',
      payload: {
        number: request.number,
        siteId: site.id,
        title: request.title,
        severity: request.severity,
        coordinatorId: site.itContactId,
        reporterId: ctx.actorId,
      },
    },
    ...initialParticipants(ctx, site).map((p): NewEvent => ({
      ...base,
      type: 'participant.joined',
      payload: { personId: p.personId, role: p.role },
    })),
  ];
}

/** One open incident per site: a second report joins the open one and says so. */
export function decideJoinReport(ctx: DecisionContext, incident: Incident, text: string): NewEvent[] {
  const site = requireSite(ctx.directory, incident.siteId);
  assertMayReport(ctx, site);
  const base = { at: ctx.now, actorId: ctx.actorId };
  const events: NewEvent[] = [{ ...base, type: 'incident.report_joined', payload: { text } }];
  if (!incident.participants.some((p) => p.personId === ctx.actorId)) {
    events.push({
      ...base,
      type: 'participant.joined',
      payload: { personId: ctx.actorId, role: defaultRole(ctx.directory, ctx.actorId) },
    });
  }
  return events;
}
