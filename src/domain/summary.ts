// The post-incident summary, computed from the timeline alone (design §1.8): who held
// each step and for how long, every handoff with its acknowledgement latency, declines.

import type { Directory } from './directory.ts';
import { nameOf } from './directory-lookup.ts';
import { formatDuration } from './duration.ts';
import { incidentRef } from './incident-types.ts';
import type { TimelineEvent } from './timeline-types.ts';

interface Holding {
  ownerId: string;
  from: Date;
  to?: Date;
}

interface StepHistory {
  title: string;
  holdings: Holding[];
  doneAt?: Date;
}

interface HandoffRecord {
  number: number;
  step: number;
  fromId: string;
  toId: string;
  note: string;
  proposedAt: Date;
  outcome?: { status: 'accepted' | 'declined' | 'expired'; at: Date; reason?: string };
}

export interface SummaryData {
  number: number;
  title: string;
  siteId: string;
  openedAt: Date;
  resolvedAt?: Date;
  firstResponse?: { at: Date; actorId: string };
  steps: Map<number, StepHistory>;
  handoffs: HandoffRecord[];
  declines: number;
  blameFlags: number;
  updates: number;
}

/**
 * The first thing done by someone working the incident: not the client side (a second
 * report is not a response) and not the bookkeeping of people joining.
 */
function firstResponse(events: readonly TimelineEvent[]): SummaryData['firstResponse'] {
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

export function summarise(events: readonly TimelineEvent[]): SummaryData {
  const opened = events.find((e) => e.type === 'incident.opened');
  if (!opened || opened.type !== 'incident.opened') throw new Error('timeline has no incident.opened event');
  const data: SummaryData = {
    number: opened.payload.number,
    title: opened.payload.title,
    siteId: opened.payload.siteId,
    openedAt: opened.at,
    firstResponse: firstResponse(events),
    steps: new Map(),
    handoffs: [],
    declines: 0,
    blameFlags: 0,
    updates: 0,
  };
  for (const e of events) {
    if (e.type === 'step.added')
      data.steps.set(e.payload.step, {
        title: e.payload.title,
        holdings: [{ ownerId: e.payload.ownerId, from: e.at }],
      });
    if (e.type === 'step.done') {
      const s = data.steps.get(e.payload.step);
      if (s) {
        s.doneAt = e.at;
        s.holdings.at(-1)!.to = e.at;
      }
    }
    if (e.type === 'handoff.proposed')
      data.handoffs.push({
        number: e.payload.handoff,
        step: e.payload.step,
        fromId: e.payload.fromId,
        toId: e.payload.toId,
        note: e.payload.note,
        proposedAt: e.at,
      });
    if (e.type === 'handoff.accepted' || e.type === 'handoff.declined' || e.type === 'handoff.expired') {
      const h = data.handoffs.find((x) => x.number === e.payload.handoff);
      const status =
        e.type === 'handoff.accepted' ? 'accepted' : e.type === 'handoff.declined' ? 'declined' : 'expired';
      if (h) h.outcome = { status, at: e.at, ...('reason' in e.payload ? { reason: e.payload.reason } : {}) };
      if (status === 'declined') data.declines++;
    }
    if (e.type === 'handoff.accepted') {
      const s = data.steps.get(e.payload.step);
      if (s) {
        s.holdings.at(-1)!.to = e.at;
        s.holdings.push({ ownerId: e.payload.toId, from: e.at });
      }
    }
    if (e.type === 'blame.flagged') data.blameFlags++;
    if (e.type === 'update.posted') data.updates++;
    if (e.type === 'incident.resolved') data.resolvedAt = e.at;
    if (e.type === 'incident.reopened') delete data.resolvedAt;
  }
  return data;
}

const span = (from: Date, to: Date) => formatDuration(to.getTime() - from.getTime());

export function renderSummary(events: readonly TimelineEvent[], directory: Directory, now: Date): string {
  const d = summarise(events);
  const name = (id: string) => nameOf(directory, id);
  const end = d.resolvedAt ?? now;
  const site = directory.sites.find((s) => s.id === d.siteId)?.name ?? d.siteId;
  const lines = [
    `Summary of ${incidentRef(d.number)} · ${site} · "${d.title}"`,
    `${d.resolvedAt ? 'Resolved after' : 'Open for'} ${span(d.openedAt, end)} (opened ${d.openedAt.toISOString()}).`,
    d.firstResponse
      ? `First response after ${span(d.openedAt, d.firstResponse.at)}, by ${name(d.firstResponse.actorId)}.`
      : 'No response yet from anyone but the reporter.',
    'Who held each step:',
    ...[...d.steps.entries()].map(([n, s]) => {
      const chain = s.holdings.map((h) => `${name(h.ownerId)} ${span(h.from, h.to ?? end)}`).join(' → ');
      return `  ${n}. ${s.title}: ${chain}${s.doneAt ? ' (done)' : ''}`;
    }),
    'Handoffs:',
    ...d.handoffs.map((h) => {
      const head = `  H${h.number} step ${h.step}, ${name(h.fromId)} → ${name(h.toId)}: `;
      if (!h.outcome) return `${head}still waiting after ${span(h.proposedAt, end)}`;
      const reason = h.outcome.reason ? `: "${h.outcome.reason}"` : '';
      return `${head}${h.outcome.status} after ${span(h.proposedAt, h.outcome.at)}${reason}`;
    }),
    `Declines: ${d.declines}. Deflections flagged by the blame guard: ${d.blameFlags}. Client updates: ${d.updates}.`,
  ];
  if (d.steps.size === 0) lines.splice(lines.indexOf('Who held each step:') + 1, 0, '  (no steps)');
  if (d.handoffs.length === 0) lines.splice(lines.indexOf('Handoffs:') + 1, 0, '  (no handoffs)');
  return lines.join('\n');
}
