// The post-incident summary, computed from the timeline alone (design §1.8): who held
// each step and for how long, every handoff with its note, outcome and acknowledgement
// latency, reminders and escalations, client updates, and the outage's downtime.
// One pass over the events with maps, so a long timeline stays linear.

import type { Directory } from './directory.ts';
import { proposerOf } from './handoffs.ts';
import type { Holding, HandoffSummary, LifecycleEntry, StepSummary, Summary } from './summary-types.ts';
import { renderSummaryMarkdown, type SummaryOptions } from './summary-markdown.ts';
import type { TimelineEvent } from './timeline-types.ts';

export type { Summary } from './summary-types.ts';
export { waitsOf } from './summary-waits.ts';

/**
 * The first thing done by someone working the incident: not the client side (a second
 * report is not a response), not the bot's own chasing, and not people joining.
 */
function firstResponse(events: readonly TimelineEvent[]): Summary['firstResponse'] {
  const clients = new Set<string>();
  for (const e of events) {
    if (e.type === 'participant.joined' && e.payload.role === 'client') clients.add(e.payload.personId);
  }
  const e = events.find(
    (x) =>
      x.actorId && !clients.has(x.actorId) && x.type !== 'participant.joined' && x.type !== 'incident.opened',
  );
  return e?.actorId ? { at: e.at, actorId: e.actorId } : undefined;
}

interface Fold {
  summary: Summary;
  steps: Map<number, StepSummary>;
  handoffs: Map<number, HandoffSummary>;
}

function lastHolding(fold: Fold, step: number): Holding | undefined {
  return fold.steps.get(step)?.holdings.at(-1);
}

function applyHandoffEvent(fold: Fold, e: TimelineEvent): void {
  const s = fold.summary;
  switch (e.type) {
    case 'handoff.proposed': {
      const p = e.payload;
      const h: HandoffSummary = {
        handoff: p.handoff,
        step: p.step,
        fromId: p.fromId,
        toId: p.toId,
        proposedById: proposerOf(e),
        note: p.note,
        proposedAt: e.at,
        remindedAt: [],
        escalatedAt: [],
      };
      fold.handoffs.set(p.handoff, h);
      s.handoffs.push(h);
      return;
    }
    case 'handoff.accepted': {
      const h = fold.handoffs.get(e.payload.handoff);
      if (h) h.outcome = { status: 'accepted', at: e.at, via: e.payload.via };
      const held = lastHolding(fold, e.payload.step);
      if (held) held.to = e.at;
      fold.steps.get(e.payload.step)?.holdings.push({ ownerId: e.payload.toId, from: e.at });
      return;
    }
    case 'handoff.declined': {
      const h = fold.handoffs.get(e.payload.handoff);
      if (h) h.outcome = { status: 'declined', at: e.at, reason: e.payload.reason, via: e.payload.via };
      return;
    }
    case 'handoff.expired': {
      const h = fold.handoffs.get(e.payload.handoff);
      if (h) h.outcome = { status: 'expired', at: e.at, reason: e.payload.reason };
      return;
    }
    case 'handoff.reminded':
      fold.handoffs.get(e.payload.handoff)?.remindedAt.push(e.at);
      s.chases.push({
        kind: e.type,
        at: e.at,
        personId: e.payload.toId,
        handoff: e.payload.handoff,
        step: e.payload.step,
      });
      return;
    case 'handoff.escalated':
      fold.handoffs.get(e.payload.handoff)?.escalatedAt.push(e.at);
      s.chases.push({
        kind: e.type,
        at: e.at,
        personId: e.payload.coordinatorId,
        handoff: e.payload.handoff,
        step: e.payload.step,
      });
      return;
    default:
      return;
  }
}

/** The resolution, with what was left open named by owner and addressee at that moment. */
function resolvedEntry(fold: Fold, e: TimelineEvent & { type: 'incident.resolved' }): LifecycleEntry {
  const p = e.payload;
  return {
    kind: 'resolved',
    at: e.at,
    byId: e.actorId,
    text: p.summary,
    openSteps: p.openSteps?.map((step) => ({ step, ownerId: lastHolding(fold, step)?.ownerId })),
    unansweredHandoffs: p.unansweredHandoffs?.map((handoff) => ({
      handoff,
      toId: fold.handoffs.get(handoff)?.toId,
    })),
  };
}

function applyEvent(fold: Fold, e: TimelineEvent): void {
  const s = fold.summary;
  switch (e.type) {
    case 'step.added': {
      const step: StepSummary = {
        step: e.payload.step,
        title: e.payload.title,
        addedAt: e.at,
        holdings: [{ ownerId: e.payload.ownerId, from: e.at }],
      };
      fold.steps.set(step.step, step);
      s.steps.push(step);
      return;
    }
    case 'step.done': {
      const step = fold.steps.get(e.payload.step);
      if (step) step.doneAt = e.at;
      const held = lastHolding(fold, e.payload.step);
      if (held) held.to = e.at;
      return;
    }
    case 'update.posted':
      s.updates.push({ at: e.at, byId: e.actorId, text: e.payload.text });
      return;
    case 'update.reminded':
      s.chases.push({ kind: e.type, at: e.at, personId: e.payload.coordinatorId });
      return;
    case 'delivery.failed':
      return; // how a message travelled is not part of the outage's story
    case 'blame.flagged':
      s.deflections.push({ at: e.at, actorId: e.actorId, phrase: e.payload.phrase });
      return;
    case 'incident.resolved': {
      s.resolvedAt = e.at;
      s.resolution = e.payload.summary;
      const running = s.downtime.at(-1);
      if (running && !running.to) running.to = e.at;
      s.lifecycle.push(resolvedEntry(fold, e));
      return;
    }
    case 'incident.reopened':
      s.resolvedAt = undefined;
      s.resolution = undefined;
      s.reopenings.push({ at: e.at, byId: e.actorId, reason: e.payload.reason });
      s.downtime.push({ from: e.at });
      s.lifecycle.push({ kind: 'reopened', at: e.at, byId: e.actorId, text: e.payload.reason });
      return;
    case 'incident.severity_changed':
      s.severity = e.payload.to;
      s.lifecycle.push({ kind: 'severity', at: e.at, byId: e.actorId, ...e.payload });
      return;
    default:
      applyHandoffEvent(fold, e);
  }
}

export function summarise(events: readonly TimelineEvent[]): Summary {
  const opened = events.find((e) => e.type === 'incident.opened');
  if (!opened || opened.type !== 'incident.opened') throw new Error('timeline has no incident.opened event');
  const p = opened.payload;
  const summary: Summary = {
    number: p.number,
    title: p.title,
    siteId: p.siteId,
    severity: p.severity,
    coordinatorId: p.coordinatorId,
    reporterId: p.reporterId,
    openedAt: opened.at,
    downtime: [{ from: opened.at }],
    firstResponse: firstResponse(events),
    steps: [],
    handoffs: [],
    chases: [],
    updates: [],
    deflections: [],
    reopenings: [],
    lifecycle: [{ kind: 'opened', at: opened.at, byId: opened.actorId, severity: p.severity }],
  };
  const fold: Fold = { summary, steps: new Map(), handoffs: new Map() };
  for (const e of events) applyEvent(fold, e);
  return summary;
}

/** The summary as Markdown for chat: `/incident summary` and the reply to resolve. */
export function renderSummary(
  events: readonly TimelineEvent[],
  directory: Directory,
  now: Date,
  options: SummaryOptions = {},
): string {
  return renderSummaryMarkdown(summarise(events), directory, now, options);
}
