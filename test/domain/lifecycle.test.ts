// Lifecycle facts (issue 10, item 5): every resolution and reopening kept in order,
// what was left open at each resolution, and the coordinator's severity command.

import { describe, expect, it } from 'vitest';
import { ConflictError, PermissionError } from '../../src/domain/errors.ts';
import { record, replay } from '../../src/domain/evolve.ts';
import { decidePropose } from '../../src/domain/handoffs.ts';
import type { Incident, Severity } from '../../src/domain/incident-types.ts';
import { decideReopen, decideResolve, decideSeverity } from '../../src/domain/lifecycle.ts';
import { decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import { renderSummary, summarise } from '../../src/domain/summary.ts';
import { summaryToJson } from '../../src/domain/summary-json.ts';
import { describeEvent } from '../../src/domain/timeline-text.ts';
import type { NewEvent, TimelineEvent } from '../../src/domain/timeline-types.ts';
import { payloadSchemas } from '../../src/store/event-schemas.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string, minutes = 0): DecisionContext => ({
  directory,
  actorId,
  now: minutesAfter(T0, minutes),
});

/** Applies decisions in order, keeping the whole timeline. */
class Story {
  incident: Incident | null = null;
  readonly events: TimelineEvent[] = [];
  do(decide: (incident: Incident) => NewEvent[]): this {
    const next = record(this.incident, 1, decide(this.incident!));
    this.incident = next.incident;
    this.events.push(...next.events);
    return this;
  }
  get inc(): Incident {
    return this.incident!;
  }
}

function opened(severity: Severity = 'sev2'): Story {
  const story = new Story();
  const events = decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'Down', severity });
  const first = record(null, 1, events);
  story.incident = first.incident;
  story.events.push(...first.events);
  return story;
}

describe('resolve → reopen → resolve', () => {
  const story = opened()
    .do((i) => decideResolve(ctx('dana', 135), i, 'Restarted PHP-FPM'))
    .do((i) => decideReopen(ctx('maria', 180), i, 'The booking page is down again'))
    .do((i) => decideResolve(ctx('dana', 270), i, 'Binlog retention fixed'));

  it('keeps every resolution and reopening, in order, in the summary', () => {
    const s = summarise(story.events);
    expect(s.lifecycle.map((l) => [l.kind, l.at, l.byId])).toEqual([
      ['opened', T0, 'maria'],
      ['resolved', minutesAfter(T0, 135), 'dana'],
      ['reopened', minutesAfter(T0, 180), 'maria'],
      ['resolved', minutesAfter(T0, 270), 'dana'],
    ]);
    expect(s.downtime).toEqual([
      { from: T0, to: minutesAfter(T0, 135) },
      { from: minutesAfter(T0, 180), to: minutesAfter(T0, 270) },
    ]);
  });

  it('prints a chronological Lifecycle list, never "Resolution" before "Reopened"', () => {
    const lines = renderSummary(story.events, directory, minutesAfter(T0, 300)).split('\n');
    const at = lines.indexOf('**Lifecycle**');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '- 2026-03-01 08:00 UTC: opened by Maria (sev2)',
      '- 2026-03-01 10:15 UTC: resolved by Dana: "Restarted PHP-FPM"',
      '- 2026-03-01 11:00 UTC: reopened by Maria: "The booking page is down again"',
      '- 2026-03-01 12:30 UTC: resolved by Dana: "Binlog retention fixed"',
    ]);
    expect(lines.some((l) => l.startsWith('Resolution:'))).toBe(false);
    expect(lines).toContain('Down for 3 h 45 min in total, in 2 periods: it was reopened once.');
  });

  it('counts only the open intervals towards the credit', () => {
    // 225 of 44,640 minutes in March: 99.496 % < 99.9 → 10 % of $450.
    const text = renderSummary(story.events, directory, minutesAfter(T0, 300));
    expect(text).toContain('- Uptime = 1 − 225 / 44,640 = 99.496% (target 99.9%: missed).');
  });

  it('serialises the lifecycle to JSON with names', () => {
    const json = JSON.parse(
      JSON.stringify(summaryToJson(summarise(story.events), directory, minutesAfter(T0, 300))),
    );
    expect(json.lifecycle.map((l: { kind: string; by: { name: string } }) => [l.kind, l.by.name])).toEqual([
      ['opened', 'Maria'],
      ['resolved', 'Dana'],
      ['reopened', 'Maria'],
      ['resolved', 'Dana'],
    ]);
    expect(json.lifecycle[2].text).toBe('The booking page is down again');
  });
});

describe('resolving with open steps and pending handoffs', () => {
  const story = opened()
    .do((i) => decideAddStep(ctx('dana', 5), i, { title: 'Check the server' }))
    .do((i) => decideAddStep(ctx('dana', 6), i, { title: 'Tell the customers' }))
    .do((i) => decidePropose(ctx('dana', 7), i, { step: 1, toId: 'sam', note: 'Nginx says 502' }))
    .do((i) => decideResolve(ctx('dana', 60), i, 'It came back by itself'));

  it('records the open steps and the unanswered handoffs in the resolved event', () => {
    const resolved = story.events.find((e) => e.type === 'incident.resolved');
    expect(resolved?.payload).toEqual({
      summary: 'It came back by itself',
      openSteps: [1, 2],
      unansweredHandoffs: [1],
    });
    // The pending handoff is closed on the record before the resolution.
    expect(story.events.at(-2)).toMatchObject({ type: 'handoff.expired', payload: { handoff: 1 } });
  });

  it('lists them in the summary, from the timeline alone', () => {
    const text = renderSummary(story.events, directory, minutesAfter(T0, 90));
    expect(text.split('\n')).toContain(
      "  Resolved with steps 1 (Dana's) and 2 (Dana's) still open, H1 to Sam unanswered (closed on resolve).",
    );
    expect(describeEvent(story.events.at(-1)!, directory)).toBe(
      'Dana resolved the incident: "It came back by itself". Left open: steps 1 and 2; H1 unanswered (closed on resolve).',
    );
  });

  it('says nothing extra when nothing was left open', () => {
    const s = opened().do((i) => decideResolve(ctx('dana', 60), i, 'Fixed'));
    expect(s.events.at(-1)?.payload).toEqual({ summary: 'Fixed', openSteps: [], unansweredHandoffs: [] });
    expect(renderSummary(s.events, directory, minutesAfter(T0, 90))).not.toContain('Resolved with');
  });
});

describe('old timelines without the new fields', () => {
  const old: TimelineEvent[] = [
    ...opened().events,
    {
      type: 'incident.resolved',
      at: minutesAfter(T0, 60),
      actorId: 'dana',
      payload: { summary: 'Fixed' },
      incidentNumber: 1,
      seq: 0,
    },
  ].map((e, i) => ({ ...e, seq: i + 1 }) as TimelineEvent);

  it('still replay, load and summarise', () => {
    expect(replay(old)).toMatchObject({ status: 'resolved', severity: 'sev2' });
    expect(payloadSchemas['incident.resolved'].safeParse({ summary: 'Fixed' }).success).toBe(true);
    const text = renderSummary(old, directory, minutesAfter(T0, 90));
    expect(text).toContain('- 2026-03-01 09:00 UTC: resolved by Dana: "Fixed"');
    expect(text).not.toContain('Resolved with');
  });

  it('load the new fields and the severity change through the store schemas', () => {
    const resolved = { summary: 'x', openSteps: [2], unansweredHandoffs: [4] };
    expect(payloadSchemas['incident.resolved'].parse(resolved)).toEqual(resolved);
    expect(payloadSchemas['incident.resolved'].safeParse({ summary: 'x', openSteps: ['2'] }).success).toBe(
      false,
    );
    expect(payloadSchemas['incident.severity_changed'].parse({ from: 'sev2', to: 'sev1' })).toEqual({
      from: 'sev2',
      to: 'sev1',
    });
    expect(payloadSchemas['incident.severity_changed'].safeParse({ from: 'sev2', to: 'sev9' }).success).toBe(
      false,
    );
  });
});

describe('severity', () => {
  it('lets the coordinator change it, on the record, and evolve applies it', () => {
    const story = opened().do((i) => decideSeverity(ctx('dana', 30), i, 'sev1'));
    expect(story.events.at(-1)).toMatchObject({
      type: 'incident.severity_changed',
      actorId: 'dana',
      payload: { from: 'sev2', to: 'sev1' },
    });
    expect(story.inc.severity).toBe('sev1');
    expect(replay(story.events).severity).toBe('sev1');
    expect(describeEvent(story.events.at(-1)!, directory)).toBe(
      'Dana raised the severity from sev2 to sev1.',
    );
  });

  it('refuses anyone but the coordinator, naming the coordinator', () => {
    const story = opened();
    for (const who of ['maria', 'sam']) {
      expect(() => decideSeverity(ctx(who), story.inc, 'sev1')).toThrow(PermissionError);
    }
    expect(() => decideSeverity(ctx('sam'), story.inc, 'sev1')).toThrow(
      'Only the coordinator, Dana, can change the severity on INC-1.',
    );
  });

  it('treats the same severity again as nothing to do: no event', () => {
    expect(decideSeverity(ctx('dana'), opened('sev1').inc, 'sev1')).toEqual([]);
  });

  it('is refused on a resolved incident', () => {
    const story = opened().do((i) => decideResolve(ctx('dana', 10), i, 'Fixed'));
    expect(() => decideSeverity(ctx('dana', 20), story.inc, 'sev1')).toThrow(ConflictError);
  });

  it('shows the current severity and every change in the summary', () => {
    const story = opened('sev3')
      .do((i) => decideSeverity(ctx('dana', 30), i, 'sev1'))
      .do((i) => decideSeverity(ctx('dana', 90), i, 'sev2'));
    const s = summarise(story.events);
    expect(s.severity).toBe('sev2');
    const lines = renderSummary(story.events, directory, minutesAfter(T0, 120)).split('\n');
    expect(lines).toContain('- 2026-03-01 08:00 UTC: opened by Maria (sev3)');
    expect(lines).toContain('- 2026-03-01 08:30 UTC: severity raised from sev3 to sev1 by Dana');
    expect(lines).toContain('- 2026-03-01 09:30 UTC: severity lowered from sev1 to sev2 by Dana');
    expect(lines[1]).toContain('Severity sev2,');
    const json = summaryToJson(s, directory, minutesAfter(T0, 120));
    expect(json.severity).toBe('sev2');
  });
});
