// The swimlane shows when the incident was resolved and then reopened (issue 10, item 5):
// a labelled band between the resolution and the reopening, named in the legend.

import { describe, expect, it } from 'vitest';
import { summarise } from '../../src/domain/summary.ts';
import type { NewEvent, TimelineEvent } from '../../src/domain/timeline-types.ts';
import { renderSwimlane } from '../../src/web/swimlane.ts';

const T = (hhmm: string) => new Date(`2026-03-01T${hhmm}:00Z`);
const name = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

function timeline(events: NewEvent[]): TimelineEvent[] {
  return events.map((e, i) => ({ ...e, incidentNumber: 1, seq: i + 1 }) as TimelineEvent);
}

const opened: NewEvent = {
  type: 'incident.opened',
  at: T('08:00'),
  actorId: 'maria',
  payload: {
    number: 1,
    siteId: 'wanderlust-web',
    title: 'Down',
    severity: 'sev1',
    coordinatorId: 'dana',
    reporterId: 'maria',
  },
};
const step: NewEvent = {
  type: 'step.added',
  at: T('08:05'),
  actorId: 'dana',
  payload: { step: 1, title: 'Find the 502', ownerId: 'dana' },
};

function gaps(svg: string): string[] {
  return [...svg.matchAll(/<g class="resolved-gap"[^>]*>/g)].map((m) => m[0]);
}

describe('swimlane resolved gaps', () => {
  it('marks each resolved-then-reopened period with a labelled band, and names it in the legend', () => {
    const events = timeline([
      opened,
      step,
      { type: 'incident.resolved', at: T('10:00'), actorId: 'dana', payload: { summary: 'Fixed' } },
      { type: 'incident.reopened', at: T('11:00'), actorId: 'maria', payload: { reason: 'Down again' } },
      { type: 'incident.resolved', at: T('12:00'), actorId: 'dana', payload: { summary: 'Really fixed' } },
    ]);
    const svg = renderSwimlane({ summary: summarise(events), name, now: T('13:00') });
    const bands = gaps(svg);
    expect(bands).toHaveLength(1);
    expect(bands[0]).toContain('data-from="2026-03-01T10:00:00.000Z"');
    expect(bands[0]).toContain('data-to="2026-03-01T11:00:00.000Z"');
    expect(svg).toContain(
      '<title>Resolved 2026-03-01 10:00 UTC by Dana, reopened 2026-03-01 11:00 UTC by Maria</title>',
    );
    expect(svg).toMatch(/<text[^>]*class="gap-label"[^>]*>resolved<\/text>/);
    expect(svg).toMatch(/class="swimlane-legend".*resolved, then reopened/);
  });

  // Issue 15 asked for a complete legend: it now names every mark, whether or not this
  // incident has one, so this expectation changed from "no legend entry" to "still named".
  it('draws no band when the incident was never reopened; the legend still names the mark', () => {
    const events = timeline([
      opened,
      step,
      { type: 'incident.resolved', at: T('10:00'), actorId: 'dana', payload: { summary: 'Fixed' } },
    ]);
    const svg = renderSwimlane({ summary: summarise(events), name, now: T('13:00') });
    expect(gaps(svg)).toEqual([]);
    expect(svg).toMatch(/class="swimlane-legend".*resolved, then reopened/);
    expect(svg).toMatch(/class="swimlane-legend".*expired/);
  });
});

describe('swimlane colours and short holds (issue 15)', () => {
  const held = (ownerId: string, at: string, stepNumber = 1): NewEvent => ({
    type: 'step.added',
    at: T(at),
    actorId: ownerId,
    payload: { step: stepNumber, title: 'Look', ownerId },
  });
  const fill = (svg: string, who: string) =>
    new RegExp(`data-owner="${who}"><title>[^<]*</title><rect [^>]*fill="(#[0-9A-Fa-f]{6})"`).exec(svg)?.[1];

  it('gives a person the same colour whoever appeared first', () => {
    const a = renderSwimlane({
      summary: summarise(timeline([opened, held('sam', '08:05')])),
      name,
      now: T('09:00'),
    });
    const b = renderSwimlane({
      summary: summarise(timeline([opened, step, held('sam', '08:06', 2)])),
      name,
      now: T('09:00'),
    });
    expect(fill(a, 'Sam')).toBeDefined();
    expect(fill(b, 'Sam')).toBe(fill(a, 'Sam'));
  });

  it('draws a hold of a few seconds at least 6 units wide', () => {
    const events = timeline([
      opened,
      { ...step, at: new Date('2026-03-01T08:05:00Z') },
      { type: 'step.done', at: new Date('2026-03-01T08:05:03Z'), actorId: 'dana', payload: { step: 1 } },
    ]);
    const svg = renderSwimlane({ summary: summarise(events), name, now: T('20:00') });
    const width = /data-owner="Dana"><title>[^<]*<\/title><rect [^>]*width="([\d.]+)"/.exec(svg)?.[1];
    expect(Number(width)).toBeGreaterThanOrEqual(6);
  });
});
