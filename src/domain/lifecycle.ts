// Client updates, resolve and reopen: the coordinator's levers (design §1.2).

import { assertCanView, assertCoordinator, assertNotResolved, participantOf } from './access.ts';
import { nameOf } from './directory-lookup.ts';
import { ConflictError, PermissionError } from './errors.ts';
import { expirePending } from './handoffs.ts';
import { incidentRef, type Incident, type Severity } from './incident-types.ts';
import type { DecisionContext } from './open-incident.ts';
import { requireText } from './text.ts';
import type { NewEvent } from './timeline-types.ts';

export function decideUpdate(ctx: DecisionContext, incident: Incident, text: string): NewEvent[] {
  assertNotResolved(incident);
  assertCoordinator(incident, ctx.directory, ctx.actorId, 'post client updates');
  const body = requireText(text, 'An update needs text the client will read.');
  return [{ at: ctx.now, actorId: ctx.actorId, type: 'update.posted', payload: { text: body } }];
}

/**
 * Resolving closes pending handoffs explicitly, so none lapses silently, and records
 * which steps were still open and which offers went unanswered: resolving early is
 * allowed, but the paper trail says what was left behind.
 */
export function decideResolve(ctx: DecisionContext, incident: Incident, summary: string): NewEvent[] {
  assertNotResolved(incident);
  assertCoordinator(incident, ctx.directory, ctx.actorId, 'resolve the incident');
  const body = requireText(summary, 'Resolving needs a short summary of what fixed it.');
  const openSteps = incident.steps.filter((s) => s.status !== 'done').map((s) => s.number);
  const unansweredHandoffs = incident.handoffs.filter((h) => h.status === 'pending').map((h) => h.number);
  return [
    ...expirePending(ctx, incident, `${incidentRef(incident.number)} was resolved.`),
    {
      at: ctx.now,
      actorId: ctx.actorId,
      type: 'incident.resolved',
      payload: { summary: body, openSteps, unansweredHandoffs },
    },
  ];
}

/**
 * The coordinator re-rates the incident. Asking for the severity it already has is a
 * friendly no-op (no event), not an error: the coordinator's intent is already true, and
 * a repeated command (a double click, a retry) should not read as a refusal.
 */
export function decideSeverity(ctx: DecisionContext, incident: Incident, severity: Severity): NewEvent[] {
  assertNotResolved(incident);
  assertCoordinator(incident, ctx.directory, ctx.actorId, 'change the severity');
  if (incident.severity === severity) return [];
  return [
    {
      at: ctx.now,
      actorId: ctx.actorId,
      type: 'incident.severity_changed',
      payload: { from: incident.severity, to: severity },
    },
  ];
}

/** The coordinator, or a client who sees it is still down, can reopen. */
export function decideReopen(ctx: DecisionContext, incident: Incident, reason: string): NewEvent[] {
  assertCanView(incident, ctx.directory, ctx.actorId);
  if (incident.status !== 'resolved') {
    throw new ConflictError(
      `${incidentRef(incident.number)} is still ${incident.status}; there is nothing to reopen.`,
    );
  }
  const role = participantOf(incident, ctx.actorId)?.role;
  if (ctx.actorId !== incident.coordinatorId && role !== 'client') {
    throw new PermissionError(
      `Only the coordinator, ${nameOf(ctx.directory, incident.coordinatorId)}, or the client can reopen ${incidentRef(incident.number)}.`,
    );
  }
  const why = requireText(reason, 'Reopening needs a reason, e.g. /incident reopen The site is down again');
  return [{ at: ctx.now, actorId: ctx.actorId, type: 'incident.reopened', payload: { reason: why } }];
}

export function decideLinkRoom(ctx: DecisionContext, platform: string, roomId: string): NewEvent[] {
  return [{ at: ctx.now, actorId: null, type: 'room.linked', payload: { platform, roomId } }];
}
