// The ownership swimlane (issue 7): one lane per step, a coloured span for each owner's
// hold on it, markers where handoffs were offered, declined and accepted, and a hatched
// band wherever the incident stood resolved before it was reopened (issue 10). Plain SVG
// built on the server, so it works without a front-end build and inside the HTML pages;
// swimlane-figure.ts frames it for the pages (names column, legend, table).

import { DEFAULT_TIME_ZONE, formatStamp } from '../domain/time-zone.ts';
import type { LifecycleEntry, Summary } from '../domain/summary-types.ts';
import { viaWords } from '../domain/timeline-text.ts';
import { escapeHtml as esc } from './html.ts';
import { personColour, textOn } from './person-colour.ts';
import { niceTicks } from './time-axis.ts';

const WIDTH = 960;
const LABEL = 250;
const RIGHT = 64;
export const TOP = 34;
export const LANE = 58;
const BAR = 26;
// A hold of a few seconds still shows: thin, but there, with its name on hover.
const MIN_SPAN = 6;

export interface SwimlaneInput {
  summary: Summary;
  name: (personId: string) => string;
  now: Date;
  /** The provider's zone for the axis labels (UTC when unset). */
  timeZone?: string | undefined;
  /**
   * False on the HTML pages, which put the step names in a column of their own that stays
   * put while the picture scrolls sideways on a phone, and the legend under the picture.
   */
  labels?: boolean;
}

/** The owners in order of first appearance, each with their own colour (see person-colour). */
export function ownerColours(summary: Summary): Map<string, string> {
  const colours = new Map<string, string>();
  for (const s of summary.steps) {
    for (const h of s.holdings) colours.set(h.ownerId, personColour(h.ownerId));
  }
  return colours;
}

/** Left edge of the time axis, and the picture's width: narrower without the names. */
function geometry(input: SwimlaneInput): { label: number; width: number } {
  const label = input.labels === false ? 24 : LABEL;
  return { label, width: WIDTH - LABEL + label };
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function marker(kind: string, x: number, y: number, label: string, handoff: number): string {
  const attrs = `class="marker marker-${kind}" data-marker="${kind}" data-handoff="H${handoff}"`;
  const tip = `<title>${esc(label)}</title>`;
  if (kind === 'proposed')
    return `<circle ${attrs} cx="${x}" cy="${y}" r="6" fill="#fff" stroke="#1f2937" stroke-width="2">${tip}</circle>`;
  if (kind === 'accepted')
    return `<path ${attrs} d="M${x} ${y - 8} L${x + 8} ${y} L${x} ${y + 8} L${x - 8} ${y} Z" fill="#15803d" stroke="#fff" stroke-width="1.5">${tip}</path>`;
  // declined and expired: a cross, red or grey
  const colour = kind === 'declined' ? '#b91c1c' : '#6b7280';
  return `<g ${attrs}>${tip}<circle cx="${x}" cy="${y}" r="8" fill="${colour}" stroke="#fff" stroke-width="1.5"/><path d="M${x - 3.5} ${y - 3.5} L${x + 3.5} ${y + 3.5} M${x + 3.5} ${y - 3.5} L${x - 3.5} ${y + 3.5}" stroke="#fff" stroke-width="2"/></g>`;
}

function laneSvg(
  input: SwimlaneInput,
  index: number,
  x: (at: Date) => number,
  colours: Map<string, string>,
): string {
  const { summary, name, now } = input;
  const step = summary.steps[index]!;
  const end = summary.resolvedAt ?? now;
  const top = TOP + index * LANE;
  const mid = top + LANE / 2;
  const full = `${step.step}. ${step.title}`;
  const parts = [
    `<g class="lane" data-step="${step.step}">`,
    `<rect x="0" y="${top}" width="${geometry(input).width}" height="${LANE}" fill="${index % 2 ? '#f8fafc' : '#ffffff'}"/>`,
    input.labels === false
      ? ''
      : `<text x="12" y="${mid + 4}" class="lane-label"><title>${esc(full)}</title>${esc(truncate(full, 32))}</text>`,
  ];
  for (const h of step.holdings) {
    const from = x(h.from);
    const width = Math.max(MIN_SPAN, x(h.to ?? step.doneAt ?? end) - from);
    const colour = colours.get(h.ownerId) ?? '#999';
    const who = name(h.ownerId);
    parts.push(
      `<g class="span" data-owner="${esc(who)}"><title>${esc(`${who} held step ${step.step}`)}</title>` +
        `<rect x="${from.toFixed(1)}" y="${mid - BAR / 2}" width="${width.toFixed(1)}" height="${BAR}" rx="5" fill="${colour}"/>` +
        (width > who.length * 7 + 12
          ? `<text x="${(from + 8).toFixed(1)}" y="${mid + 4}" class="span-label" fill="${textOn(colour)}">${esc(who)}</text>`
          : '') +
        '</g>',
    );
  }
  if (step.doneAt)
    parts.push(
      `<text x="${(x(step.doneAt) + 10).toFixed(1)}" y="${mid + 5}" class="done-mark">✓ done</text>`,
    );
  // Offers sit on the bar's top edge and answers on its bottom edge, so a decline and the
  // next offer at the same minute are both visible; the dashed line is the wait.
  const offerY = mid - BAR / 2;
  const answerY = mid + BAR / 2;
  for (const h of summary.handoffs.filter((h) => h.step === step.step)) {
    const by = h.proposedById === h.fromId ? '' : ` (offered by ${name(h.proposedById)})`;
    const label = `H${h.handoff}: ${name(h.fromId)} → ${name(h.toId)}${by}`;
    const px = x(h.proposedAt);
    const ax = x(h.outcome?.at ?? end);
    parts.push(
      `<path d="M${px.toFixed(1)} ${offerY} H${ax.toFixed(1)} V${answerY}" class="wait" fill="none" stroke="#1f2937" stroke-width="1.2" stroke-dasharray="3 3"/>`,
    );
    parts.push(marker('proposed', px, offerY, `${label}, offered`, h.handoff));
    if (h.outcome) {
      const why = h.outcome.reason ? `: ${h.outcome.reason}` : '';
      const said = `${h.outcome.status}${viaWords(h.outcome.via)}${why}`;
      parts.push(marker(h.outcome.status, ax, answerY, `${label}, ${said}`, h.handoff));
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** The periods between a resolution and the reopening that followed it. */
function resolvedGaps(summary: Summary): Array<{ from: LifecycleEntry; to: LifecycleEntry }> {
  const gaps: Array<{ from: LifecycleEntry; to: LifecycleEntry }> = [];
  let resolved: LifecycleEntry | undefined;
  for (const entry of summary.lifecycle) {
    if (entry.kind === 'resolved') resolved = entry;
    if (entry.kind === 'reopened' && resolved) {
      gaps.push({ from: resolved, to: entry });
      resolved = undefined;
    }
  }
  return gaps;
}

const GAP_FILL = 'url(#resolved-hatch)';
const HATCH =
  '<defs><pattern id="resolved-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
  '<rect width="8" height="8" fill="#ecfdf5" fill-opacity="0.75"/><line x1="0" y1="0" x2="0" y2="8" stroke="#15803d" stroke-width="2" stroke-opacity="0.35"/></pattern></defs>';

/**
 * A hatched band over every lane while the incident stood resolved before being reopened,
 * so the owners' bars through it read as "held, but not down" (issue 10).
 */
function gapsSvg(input: SwimlaneInput, x: (at: Date) => number, bottom: number): string {
  const clock = (at: Date) => formatStamp(at, input.timeZone ?? DEFAULT_TIME_ZONE);
  const by = (e: LifecycleEntry) => (e.byId ? ` by ${input.name(e.byId)}` : '');
  return resolvedGaps(input.summary)
    .map(({ from, to }) => {
      const left = x(from.at);
      const width = Math.max(MIN_SPAN, x(to.at) - left);
      const tip = `Resolved ${clock(from.at)}${by(from)}, reopened ${clock(to.at)}${by(to)}`;
      return (
        `<g class="resolved-gap" data-from="${from.at.toISOString()}" data-to="${to.at.toISOString()}"><title>${esc(tip)}</title>` +
        `<rect x="${left.toFixed(1)}" y="${TOP}" width="${width.toFixed(1)}" height="${bottom - TOP}" fill="${GAP_FILL}" stroke="#15803d" stroke-dasharray="4 3"/>` +
        `<text x="${(left + width / 2).toFixed(1)}" y="${TOP + 12}" class="gap-label" text-anchor="middle">resolved</text></g>`
      );
    })
    .join('');
}

/** Every mark the picture can hold, whether or not this incident has one (issue 15). */
export const MARKS = [
  ['proposed', 'offered'],
  ['accepted', 'accepted'],
  ['declined', 'declined'],
  ['expired', 'expired'],
] as const;
export const GAP_LABEL = 'resolved, then reopened';

export const legendMarker = (kind: string, x: number, y: number) =>
  marker(kind, x, y, '', 0)
    .replace(/ data-handoff="H0"/, '')
    .replace('<title></title>', '');

function legendSvg(colours: Map<string, string>, name: (id: string) => string, y: number): string {
  const items: string[] = [];
  let x = 12;
  for (const [id, colour] of colours) {
    const who = name(id);
    items.push(`<rect x="${x}" y="${y - 10}" width="14" height="14" rx="3" fill="${colour}"/>`);
    items.push(`<text x="${x + 20}" y="${y + 1}" class="legend">${esc(who)}</text>`);
    x += 34 + who.length * 7.5;
  }
  x += 16;
  for (const [kind, label] of MARKS) {
    items.push(legendMarker(kind, x + 7, y - 3));
    items.push(`<text x="${x + 20}" y="${y + 1}" class="legend">${label}</text>`);
    x += 34 + label.length * 7.5;
  }
  items.push(
    `<rect x="${x}" y="${y - 10}" width="14" height="14" fill="${GAP_FILL}" stroke="#15803d" stroke-dasharray="4 3"/>`,
  );
  items.push(`<text x="${x + 20}" y="${y + 1}" class="legend">${GAP_LABEL}</text>`);
  return `<g class="swimlane-legend">${items.join('')}</g>`;
}

export function renderSwimlane(input: SwimlaneInput): string {
  const { summary, now } = input;
  const { label, width } = geometry(input);
  const start = summary.openedAt.getTime();
  const end = Math.max((summary.resolvedAt ?? now).getTime(), start + 60_000);
  const x = (at: Date) => label + ((at.getTime() - start) / (end - start)) * (width - label - RIGHT);
  const colours = ownerColours(summary);
  const lanes = Math.max(1, summary.steps.length);
  const axisBottom = TOP + lanes * LANE;
  // The pages draw the legend in HTML under the picture; the bare SVG carries its own.
  const withLegend = input.labels !== false;
  const height = axisBottom + (withLegend ? 44 : 8);
  const ticks = niceTicks(start, end, input.timeZone).map((t) => {
    const tx = x(new Date(t.at)).toFixed(1);
    return `<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${axisBottom}" class="tick"/><text x="${tx}" y="${TOP - 12}" class="tick-label" text-anchor="middle">${esc(t.label)}</text>`;
  });
  const body = summary.steps.length
    ? summary.steps.map((_, i) => laneSvg(input, i, x, colours)).join('')
    : `<text x="${label}" y="${TOP + LANE / 2 + 4}" class="lane-label">No steps yet.</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Who held each step of INC-${summary.number} over time">`,
    '<style>.lane-label{font:600 13px system-ui,sans-serif;fill:#111827}.span-label{font:600 12px system-ui,sans-serif}.tick{stroke:#e5e7eb}.tick-label,.legend{font:12px system-ui,sans-serif;fill:#4b5563}.done-mark{font:600 12px system-ui,sans-serif;fill:#15803d}.gap-label{font:600 11px system-ui,sans-serif;fill:#15803d}</style>',
    HATCH,
    ...ticks,
    body,
    gapsSvg(input, x, axisBottom),
    `<line x1="${label}" y1="${axisBottom}" x2="${width - RIGHT}" y2="${axisBottom}" stroke="#9ca3af"/>`,
    withLegend ? legendSvg(colours, input.name, axisBottom + 28) : '',
    '</svg>',
  ].join('');
}
