// Hand-built directory, incidents and events for the store tests. They follow the domain
// types only; the domain logic that normally produces them is tested elsewhere.

import type { Directory } from '../../src/domain/directory.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import type { NewEvent, TimelineEvent } from '../../src/domain/timeline-types.ts';

export const T0 = new Date('2026-03-01T08:00:00.000Z');

export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * 60_000);
}

export function directory(): Directory {
  return {
    organisations: [
      { id: 'acme', name: 'Acme Bakery', kind: 'client' },
      { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider', timezone: 'Europe/London' },
      { id: 'cloudnest', name: 'CloudNest Hosting', kind: 'vendor' },
      { id: 'wanderlust', name: 'Wanderlust Travel', kind: 'client' },
    ],
    people: [
      {
        id: 'dana',
        name: 'Dana',
        organisationId: 'brightdesk',
        email: 'dana@brightdesk.example',
        notify: 'both',
        handles: { slack: 'U0DANA', discord: '100' },
      },
      { id: 'kevin', name: 'Kevin', organisationId: 'wanderlust', handles: { discord: '400' } },
      { id: 'maria', name: 'María José', organisationId: 'wanderlust', handles: { slack: 'U0MARIA' } },
      { id: 'otto', name: 'Otto', organisationId: 'acme', handles: {} },
      { id: 'sam', name: 'Sam', organisationId: 'cloudnest', handles: { slack: 'U0SAM', discord: '200' } },
    ],
    sites: [
      {
        id: 'acme-shop',
        name: 'Acme Bakery shop',
        clientId: 'acme',
        itContactId: 'dana',
        vendorContactIds: [],
        sla: { monthlyFeeCents: 9900, uptimeTarget: 99.5, creditTiers: [] },
      },
      {
        id: 'wanderlust-web',
        name: 'Wanderlust Travel website',
        clientId: 'wanderlust',
        itContactId: 'dana',
        vendorContactIds: ['sam'],
        sla: {
          monthlyFeeCents: 45000,
          uptimeTarget: 99.9,
          creditTiers: [
            { belowPercent: 99.9, creditPercent: 10 },
            { belowPercent: 99, creditPercent: 25 },
          ],
        },
        runbook: 'Check the CloudNest status page, then the web server logs.',
        fallback: 'Static copy at backup.wanderlust.example.',
      },
    ],
  };
}

/** A freshly opened incident as the domain would build it: version 1, one event. */
export function openedIncident(number: number, siteId = 'wanderlust-web', minute = 0): Incident {
  return {
    number,
    siteId,
    title: `Site down (${number})`,
    severity: 'sev2',
    status: 'open',
    coordinatorId: 'dana',
    reporterId: 'maria',
    openedAt: at(minute),
    rooms: { slack: `C${number}`, discord: `9${number}` },
    participants: [
      { personId: 'dana', role: 'coordinator', joinedAt: at(minute) },
      { personId: 'maria', role: 'client', joinedAt: at(minute) },
    ],
    steps: [],
    handoffs: [],
    version: 1,
  };
}

export function openedEvent(incident: Incident): TimelineEvent {
  return numbered(incident.number, 1, {
    type: 'incident.opened',
    at: incident.openedAt,
    actorId: incident.reporterId,
    payload: {
      number: incident.number,
      siteId: incident.siteId,
      title: incident.title,
      severity: incident.severity,
      coordinatorId: incident.coordinatorId,
      reporterId: incident.reporterId,
    },
  });
}

export function numbered(incidentNumber: number, seq: number, event: NewEvent): TimelineEvent {
  return { ...event, incidentNumber, seq };
}

/** `incident` with `events` appended: their seqs follow its version, and the version moves on. */
export function advance(incident: Incident, events: NewEvent[], change: Partial<Incident> = {}) {
  const numberedEvents = events.map((event, i) => numbered(incident.number, incident.version + i + 1, event));
  const next: Incident = {
    ...structuredClone(incident),
    ...change,
    version: incident.version + events.length,
  };
  return { incident: next, events: numberedEvents };
}

/** A worked incident: participants, two steps, an accepted and a pending handoff. */
export function workedIncident(number: number): { incident: Incident; events: TimelineEvent[] } {
  const opened = openedIncident(number);
  const worked = advance(
    opened,
    [
      { type: 'participant.joined', at: at(2), actorId: null, payload: { personId: 'sam', role: 'vendor' } },
      {
        type: 'step.added',
        at: at(3),
        actorId: 'dana',
        payload: { step: 1, title: 'Check DNS', ownerId: 'dana' },
      },
      {
        type: 'step.added',
        at: at(4),
        actorId: 'dana',
        payload: { step: 2, title: 'Restart web server', ownerId: 'dana' },
      },
      {
        type: 'handoff.proposed',
        at: at(5),
        actorId: 'dana',
        payload: { handoff: 1, step: 2, fromId: 'dana', toId: 'sam', note: 'DNS fine; 502 from the origin.' },
      },
      {
        type: 'handoff.accepted',
        at: at(7),
        actorId: 'sam',
        payload: { handoff: 1, step: 2, fromId: 'dana', toId: 'sam' },
      },
      {
        type: 'handoff.proposed',
        at: at(9),
        actorId: 'dana',
        payload: {
          handoff: 2,
          step: 1,
          fromId: 'dana',
          toId: 'kevin',
          note: 'Please confirm from the office.',
        },
      },
      {
        type: 'blame.flagged',
        at: at(10),
        actorId: 'sam',
        payload: { steps: [2], phrase: 'server issue', text: "that's a server issue" },
      },
    ],
    {
      participants: [...opened.participants, { personId: 'sam', role: 'vendor', joinedAt: at(2) }],
      steps: [
        {
          number: 1,
          title: 'Check DNS',
          ownerId: 'dana',
          ownerSince: at(3),
          status: 'doing',
          createdAt: at(3),
        },
        {
          number: 2,
          title: 'Restart web server',
          ownerId: 'sam',
          ownerSince: at(7),
          status: 'open',
          createdAt: at(4),
        },
      ],
      handoffs: [
        {
          number: 1,
          stepNumber: 2,
          fromId: 'dana',
          toId: 'sam',
          proposedById: 'dana',
          note: 'DNS fine; 502 from the origin.',
          status: 'accepted',
          proposedAt: at(5),
          answeredAt: at(7),
        },
        {
          number: 2,
          stepNumber: 1,
          fromId: 'dana',
          toId: 'kevin',
          proposedById: 'dana',
          note: 'Please confirm from the office.',
          status: 'pending',
          proposedAt: at(9),
        },
      ],
    },
  );
  return { incident: worked.incident, events: [openedEvent(opened), ...worked.events] };
}

export function resolve(incident: Incident, minute: number) {
  return advance(
    incident,
    [
      {
        type: 'incident.resolved',
        at: at(minute),
        actorId: 'dana',
        payload: { summary: 'Origin restarted.' },
      },
    ],
    { status: 'resolved', resolvedAt: at(minute) },
  );
}
