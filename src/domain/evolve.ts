// The incident is the fold of its timeline. This is the ONLY place incident state
// changes, which is what makes "every state change has its timeline event" true by
// construction: decisions (decide-*.ts) produce events, evolve applies them.

import { proposerOf } from './handoffs.ts';
import { handoffIndex, type Handoff, type Incident } from './incident-types.ts';
import { madeFrom } from './list-lineage.ts';
import { carryPending } from './pending-handoffs.ts';
import type { NewEvent, TimelineEvent } from './timeline-types.ts';

function opened(event: TimelineEvent & { type: 'incident.opened' }): Incident {
  const p = event.payload;
  return {
    number: p.number,
    siteId: p.siteId,
    title: p.title,
    severity: p.severity,
    status: 'open',
    coordinatorId: p.coordinatorId,
    reporterId: p.reporterId,
    openedAt: event.at,
    rooms: {},
    participants: [],
    steps: [],
    handoffs: [],
    version: event.seq,
  };
}

/** The handoffs with handoff `number` changed: a copy of the list, the others the same objects. */
function withHandoff(incident: Incident, number: number, change: (h: Handoff) => Handoff): Handoff[] {
  const handoffs = [...incident.handoffs];
  const at = handoffIndex(incident, number);
  if (at === -1) return madeFrom(handoffs, incident.handoffs, []);
  const before = handoffs[at]!;
  handoffs[at] = change(before);
  carryPending(incident.handoffs, handoffs, before, handoffs[at]);
  return madeFrom(handoffs, incident.handoffs, [at]);
}

/** Applies one recorded event. Events for another incident or out of sequence are a bug: throw. */
export function evolve(incident: Incident | null, event: TimelineEvent): Incident {
  if (event.type === 'incident.opened') {
    if (incident) throw new Error(`INC-${incident.number} is already open`);
    return opened(event);
  }
  if (!incident) throw new Error(`event ${event.type} before incident.opened`);
  if (event.seq !== incident.version + 1) {
    throw new Error(`INC-${incident.number}: event seq ${event.seq} after version ${incident.version}`);
  }
  const next: Incident = { ...incident, version: event.seq };
  const at = event.at;
  switch (event.type) {
    case 'participant.joined':
      next.participants = [
        ...incident.participants.filter((p) => p.personId !== event.payload.personId),
        { personId: event.payload.personId, role: event.payload.role, joinedAt: at },
      ];
      break;
    case 'room.linked':
      next.rooms = { ...incident.rooms, [event.payload.platform]: event.payload.roomId };
      break;
    case 'step.added':
      next.steps = [
        ...incident.steps,
        {
          number: event.payload.step,
          title: event.payload.title,
          ownerId: event.payload.ownerId,
          ownerSince: at,
          status: 'open',
          createdAt: at,
        },
      ];
      break;
    case 'step.done':
      next.steps = incident.steps.map((s) =>
        s.number === event.payload.step ? { ...s, status: 'done' } : s,
      );
      break;
    case 'handoff.proposed': {
      const p = event.payload;
      const offer: Handoff = {
        number: p.handoff,
        stepNumber: p.step,
        fromId: p.fromId,
        toId: p.toId,
        proposedById: proposerOf(event),
        note: p.note,
        status: 'pending',
        proposedAt: at,
      };
      next.handoffs = madeFrom([...incident.handoffs, offer], incident.handoffs, [incident.handoffs.length]);
      carryPending(incident.handoffs, next.handoffs, undefined, offer);
      break;
    }
    case 'handoff.accepted': {
      const p = event.payload;
      next.handoffs = withHandoff(incident, p.handoff, (h) => ({ ...h, status: 'accepted', answeredAt: at }));
      // The one and only way a step changes owner.
      next.steps = incident.steps.map((s) =>
        s.number === p.step ? { ...s, ownerId: p.toId, ownerSince: at } : s,
      );
      break;
    }
    case 'handoff.declined':
      next.handoffs = withHandoff(incident, event.payload.handoff, (h) => ({
        ...h,
        status: 'declined',
        reason: event.payload.reason,
        answeredAt: at,
      }));
      break;
    case 'handoff.expired':
      next.handoffs = withHandoff(incident, event.payload.handoff, (h) => ({
        ...h,
        status: 'expired',
        reason: event.payload.reason,
        answeredAt: at,
      }));
      break;
    case 'incident.resolved':
      next.status = 'resolved';
      next.resolvedAt = at;
      break;
    case 'incident.reopened':
      next.status = 'open';
      next.resolvedAt = undefined;
      break;
    case 'incident.severity_changed':
      next.severity = event.payload.to;
      break;
    // Pure record-keeping events: they change no state but the version.
    case 'incident.report_joined':
    case 'handoff.reminded':
    case 'handoff.escalated':
    case 'blame.flagged':
    case 'update.posted':
    case 'update.reminded':
    case 'delivery.failed':
      break;
  }
  return next;
}

/** Rebuilds an incident from its whole timeline. */
export function replay(events: readonly TimelineEvent[]): Incident {
  let incident: Incident | null = null;
  for (const event of events) incident = evolve(incident, event);
  if (!incident) throw new Error('cannot replay an empty timeline');
  return incident;
}

/** Numbers new events after the incident's version and applies them. */
export function record(
  incident: Incident | null,
  incidentNumber: number,
  newEvents: readonly NewEvent[],
): { incident: Incident; events: TimelineEvent[] } {
  let current = incident;
  const events: TimelineEvent[] = [];
  let seq = incident?.version ?? 0;
  for (const e of newEvents) {
    const event = { ...e, incidentNumber, seq: ++seq } as TimelineEvent;
    current = evolve(current, event);
    events.push(event);
  }
  if (!current) throw new Error('record() needs an incident or an incident.opened event');
  return { incident: current, events };
}
