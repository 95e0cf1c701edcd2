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

  it('draws no band, and no legend entry, when the incident was never reopened', () => {
    const events = timeline([
      opened,
      step,
      { type: 'incident.resolved', at: T('10:00'), actorId: 'dana', payload: { summary: 'Fixed' } },
    ]);
    const svg = renderSwimlane({ summary: summarise(events), name, now: T('13:00') });
    expect(gaps(svg)).toEqual([]);
    expect(svg).not.toContain('resolved, then reopened');
  });
});
