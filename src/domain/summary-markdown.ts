// The summary as Markdown for chat. Each section answers one question an owner asks
// afterwards; empty sections say so rather than disappear, so "no declines" is visible.

import { adviseCredit } from './credit-advice.ts';
import type { Directory } from './directory.ts';
import { nameOf, siteNameOf } from './directory-lookup.ts';
import { formatDuration } from './duration.ts';
import { incidentRef } from './incident-types.ts';
import { formatStamp, timeZoneOf } from './time-zone.ts';
import { viaWords } from './timeline-text.ts';
import { chaseLines } from './summary-chases.ts';
import { downtimeSentence, lifecycleLines } from './summary-lifecycle.ts';
import type { HandoffSummary, Summary } from './summary-types.ts';
import { waitsOf } from './summary-waits.ts';
import { LineWriter } from './line-writer.ts';

const span = (from: Date, to: Date) => formatDuration(to.getTime() - from.getTime());

const optional = (line: string | undefined) => (line ? [line] : []);

/** A titled section of `lines`, or of `empty` when there are none. */
function section(out: LineWriter, title: string, lines: Iterable<string>, empty: string): void {
  out.line('');
  out.line(`**${title}**`);
  if (out.lines(lines) === 0) out.line(empty);
}

/** Made one at a time, as the writer takes them: a long incident has thousands. */
function* handoffLines(d: Summary, name: (id: string) => string, end: Date): Generator<string> {
  for (const h of d.handoffs) yield* handoffLinesOf(h, name, end);
}

function handoffLinesOf(h: HandoffSummary, name: (id: string) => string, end: Date): string[] {
  const by = h.proposedById === h.fromId ? '' : `, offered by ${name(h.proposedById)}`;
  const head = `- H${h.handoff} step ${h.step}, ${name(h.fromId)} → ${name(h.toId)}${by}: `;
  const reason = h.outcome?.reason ? `: "${h.outcome.reason}"` : '';
  const outcome = h.outcome
    ? `${h.outcome.status}${viaWords(h.outcome.via)} after ${span(h.proposedAt, h.outcome.at)}${reason}`
    : `still waiting after ${span(h.proposedAt, end)}`;
  const chased = [
    h.remindedAt.length ? `reminded ${h.remindedAt.length}×` : '',
    h.escalatedAt.length ? `escalated ${h.escalatedAt.length}×` : '',
  ].filter(Boolean);
  return [
    `${head}${outcome}${chased.length ? ` (${chased.join(', ')})` : ''}`,
    `  What ${name(h.proposedById)} saw and did: "${h.note}"`,
  ];
}

/** How the summary names people and times: preferred names; absolute times in the provider's zone. */
interface Format {
  name: (id: string) => string;
  /** `2026-03-02 08:15 GMT`: summaries are read later and elsewhere, so always absolute, zone named. */
  stamp: (at: Date) => string;
}

function writeHead(
  out: LineWriter,
  d: Summary,
  directory: Directory,
  { name, stamp }: Format,
  end: Date,
): void {
  const site = siteNameOf(directory, d.siteId);
  const when = d.resolvedAt
    ? `Resolved after ${span(d.openedAt, end)} (opened ${stamp(d.openedAt)}, resolved ${stamp(d.resolvedAt)}).`
    : `Open for ${span(d.openedAt, end)} (opened ${stamp(d.openedAt)}).`;
  out.lines([
    `**Summary of ${incidentRef(d.number)} · ${site} · "${d.title}"**`,
    `${when} Severity ${d.severity}, reported by ${name(d.reporterId)}, coordinated by ${name(d.coordinatorId)}.`,
    d.firstResponse
      ? `First response after ${span(d.openedAt, d.firstResponse.at)}, by ${name(d.firstResponse.actorId)}.`
      : 'No response yet from anyone but the reporter.',
    ...optional(downtimeSentence(d.downtime, end)),
  ]);
  // Every resolution and reopening in order, each with its words (issue 10), instead of
  // the last resolution alone printed above the reopenings it came after.
  section(out, 'Lifecycle', lifecycleLines(d.lifecycle, name, stamp), '');
}

export interface SummaryOptions {
  /** The service-credit advice is for the owner; a client's copy leaves it out. */
  credit?: boolean;
}

export function renderSummaryMarkdown(
  d: Summary,
  directory: Directory,
  now: Date,
  options: SummaryOptions = {},
): string {
  const name = (id: string) => nameOf(directory, id);
  const zone = timeZoneOf(directory);
  const stamp = (at: Date) => formatStamp(at, zone);
  const end = d.resolvedAt ?? now;
  // The long sections are generated line by line as the writer takes them (line-writer.ts).
  function* steps() {
    for (const s of d.steps) {
      const chain = s.holdings.map((h) => `${name(h.ownerId)} ${span(h.from, h.to ?? end)}`).join(' → ');
      yield `${s.step}. ${s.title}: ${chain}${s.doneAt ? ' (done)' : ''}`;
    }
  }
  function* declines() {
    for (const h of d.handoffs) {
      if (h.outcome?.status !== 'declined') continue;
      yield `- H${h.handoff} (step ${h.step}) declined by ${name(h.toId)}${viaWords(h.outcome.via)}: "${h.outcome.reason}"`;
    }
  }
  function* updates() {
    for (const u of d.updates) yield `- ${stamp(u.at)}, ${u.byId ? name(u.byId) : 'Handoff'}: "${u.text}"`;
  }
  const waits = waitsOf(d, end).map(
    (w) =>
      `- ${name(w.waiterId)} waited on ${name(w.waitedOnId)} for ${formatDuration(w.totalMs)} (${w.handoffs.map((n) => `H${n}`).join(', ')})${w.ongoing ? ', still waiting' : ''}`,
  );
  const out = new LineWriter();
  writeHead(out, d, directory, { name, stamp }, end);
  section(out, 'Who held each step', steps(), '(no steps)');
  section(out, 'Handoffs', handoffLines(d, name, end), '(no handoffs)');
  section(out, 'Declines', declines(), '(no declines)');
  section(out, 'Reminders and escalations', chaseLines(d, { name, stamp }, end), '(none needed)');
  section(out, 'Client updates', updates(), '(no client updates)');
  section(out, 'Who waited on whom', waits, '(nobody waited on anybody)');
  if (options.credit !== false) {
    const credit = adviseCredit(d, directory, now);
    section(
      out,
      'Service credit',
      credit ? [credit.sentence, ...credit.months.flatMap((m) => m.arithmetic.map((a) => `- ${a}`))] : [],
      'The site is no longer in the directory, so its SLA is unknown.',
    );
  }
  out.line('');
  out.line(`Deflections flagged by the blame guard: ${d.deflections.length}.`);
  return out.toString();
}
