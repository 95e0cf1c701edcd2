// The summary as JSON for tools and the web page's download: the same facts as the
// Markdown, with names resolved, durations in milliseconds and times in ISO 8601.

import { adviseCredit } from './credit-advice.ts';
import type { Directory } from './directory.ts';
import { nameOf, siteNameOf } from './directory-lookup.ts';
import { incidentRef } from './incident-types.ts';
import { handoffChasesOf, updateRemindersOf } from './summary-chases.ts';
import type { Summary } from './summary-types.ts';
import { waitsOf } from './summary-waits.ts';

const ms = (from: Date, to: Date) => to.getTime() - from.getTime();

/** Resolves a person's id to `{ id, name }` (null stays null). */
type PersonJson = (id: string | null) => { id: string; name: string } | null;

export function summaryToJson(d: Summary, directory: Directory, now: Date): Record<string, unknown> {
  const end = d.resolvedAt ?? now;
  const person: PersonJson = (id) => (id ? { id, name: nameOf(directory, id) } : null);
  return {
    version: 2,
    incident: incidentRef(d.number),
    number: d.number,
    title: d.title,
    site: { id: d.siteId, name: siteNameOf(directory, d.siteId) },
    severity: d.severity,
    status: d.resolvedAt ? 'resolved' : 'open',
    reporter: person(d.reporterId),
    coordinator: person(d.coordinatorId),
    openedAt: d.openedAt,
    resolvedAt: d.resolvedAt ?? null,
    resolution: d.resolution ?? null,
    durationMs: ms(d.openedAt, end),
    firstResponse: d.firstResponse
      ? {
          at: d.firstResponse.at,
          afterMs: ms(d.openedAt, d.firstResponse.at),
          by: person(d.firstResponse.actorId),
        }
      : null,
    downtime: d.downtime.map((i) => ({ from: i.from, to: i.to ?? null })),
    steps: stepsJson(d, person, end),
    handoffs: handoffsJson(d, person),
    reminders: remindersJson(d, person, end),
    updates: d.updates.map((u) => ({ at: u.at, by: person(u.byId), text: u.text })),
    waits: waitsOf(d, end).map((w) => ({ ...w, waiter: person(w.waiterId), waitedOn: person(w.waitedOnId) })),
    deflections: d.deflections,
    reopenings: d.reopenings,
    lifecycle: lifecycleJson(d, person),
    credit: creditJson(d, directory, now),
  };
}

function stepsJson(d: Summary, person: PersonJson, end: Date) {
  return d.steps.map((s) => ({
    step: s.step,
    title: s.title,
    done: s.doneAt !== undefined,
    owners: s.holdings.map((h) => ({
      ...person(h.ownerId),
      from: h.from,
      to: h.to ?? null,
      heldMs: ms(h.from, h.to ?? end),
    })),
  }));
}

function handoffsJson(d: Summary, person: PersonJson) {
  return d.handoffs.map((h) => ({
    handoff: h.handoff,
    step: h.step,
    from: person(h.fromId),
    to: person(h.toId),
    proposedBy: person(h.proposedById),
    note: h.note,
    proposedAt: h.proposedAt,
    outcome: h.outcome?.status ?? 'pending',
    answeredAt: h.outcome?.at ?? null,
    acknowledgedAfterMs: h.outcome ? ms(h.proposedAt, h.outcome.at) : null,
    reason: h.outcome?.reason ?? null,
    // 'email' when answered by an e-mail link; null for a chat answer or no answer yet.
    answeredVia: h.outcome?.via ?? null,
    remindedAt: h.remindedAt,
    escalatedAt: h.escalatedAt,
  }));
}

/**
 * Counted rather than listed as chases (version 2): the client-update reminders grow with
 * the outage's length, the handoff chases at most one of each per handoff.
 */
function remindersJson(d: Summary, person: PersonJson, end: Date) {
  const updates = updateRemindersOf(d, end);
  return {
    clientUpdates: {
      count: updates.count,
      people: updates.personIds.map(person),
      at: updates.at,
      longestWithoutUpdate: updates.longestWithoutUpdate ?? null,
    },
    handoffs: handoffChasesOf(d).map((c) => ({
      kind: c.kind,
      at: c.at,
      person: person(c.personId),
      handoff: c.handoff,
      step: c.step,
    })),
  };
}

/** Opened, resolved, reopened: with who did it, and what was left open at a resolve. */
function lifecycleJson(d: Summary, person: PersonJson) {
  return d.lifecycle.map(({ byId, ...entry }) => ({
    ...entry,
    by: person(byId),
    ...('openSteps' in entry && entry.openSteps
      ? { openSteps: entry.openSteps.map((o) => ({ step: o.step, owner: person(o.ownerId ?? null) })) }
      : {}),
    ...('unansweredHandoffs' in entry && entry.unansweredHandoffs
      ? {
          unansweredHandoffs: entry.unansweredHandoffs.map((h) => ({
            handoff: h.handoff,
            to: person(h.toId ?? null),
          })),
        }
      : {}),
  }));
}

function creditJson(d: Summary, directory: Directory, now: Date) {
  const credit = adviseCredit(d, directory, now);
  return credit
    ? {
        client: credit.clientName,
        totalCents: credit.totalCents,
        sentence: credit.sentence,
        months: credit.months,
      }
    : null;
}
