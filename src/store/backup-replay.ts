// Each incident in a backup against its own timeline: the timeline is the truth (design §2)
// and the stored incident only its projection, so the two must agree. The domain's replay()
// rebuilds the incident from the events, and every field that differs is one problem. The
// events are first checked to be replayable at all: numbered 1, 2, 3…, opened first, and
// answering only steps and handoffs that exist by then.

import { replay } from '../domain/evolve.ts';
import type { Incident } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { BackupDocument } from './backup.ts';
import { show, type Path, type Problem } from './backup-problems.ts';

interface Indexed {
  event: TimelineEvent;
  k: number;
}

/** Problems of every incident (by its first entry) with its timeline. */
export function checkTimelines(doc: BackupDocument): Problem[] {
  const byIncident = new Map<number, Indexed[]>();
  doc.timeline.forEach((event, k) => {
    byIncident.set(event.incidentNumber, [...(byIncident.get(event.incidentNumber) ?? []), { event, k }]);
  });
  const seen = new Set<number>();
  return doc.incidents.flatMap((incident, i) => {
    if (seen.has(incident.number)) return []; // a duplicate number is reported on its own
    seen.add(incident.number);
    const events = [...(byIncident.get(incident.number) ?? [])].sort((a, b) => a.event.seq - b.event.seq);
    const problems = replayable(incident, i, events);
    return problems.length > 0 ? problems : compare(incident, i, replay(events.map((e) => e.event)));
  });
}

function replayable(incident: Incident, i: number, events: Indexed[]): Problem[] {
  const at: Path = ['incidents', i];
  if (events.length === 0)
    return [
      { path: at, message: 'has no timeline events; every incident starts with its incident.opened event' },
    ];
  const problems: Problem[] = [];
  const steps = new Set<number>();
  const handoffs = new Map<number, boolean>(); // handoff number → still pending
  events.forEach(({ event: e, k }, n) => {
    const path: Path = ['timeline', k];
    if (e.seq !== n + 1) {
      problems.push({
        path: [...path, 'seq'],
        message: `INC-${incident.number}'s events must be numbered 1, 2, 3… without gaps; expected ${n + 1}`,
      });
      return;
    }
    const problem = eventProblem(e, n, incident.number, steps, handoffs);
    if (problem) problems.push({ path: [...path, ...problem[0]], message: problem[1] });
  });
  return problems.slice(0, 5); // the first few say enough: the rest usually follow from them
}

/** What makes this event impossible at this point of its timeline, if anything. */
function eventProblem(
  e: TimelineEvent,
  n: number,
  number: number,
  steps: Set<number>,
  handoffs: Map<number, boolean>,
): [Path, string] | undefined {
  if ((n === 0) !== (e.type === 'incident.opened'))
    return [
      ['type'],
      n === 0 ? 'the first event must be incident.opened' : 'only the first event opens the incident',
    ];
  switch (e.type) {
    case 'incident.opened':
      return e.payload.number === number
        ? undefined
        : [['payload', 'number'], `opens INC-${e.payload.number}, not INC-${number}`];
    case 'step.added':
      if (steps.has(e.payload.step)) return [['payload', 'step'], `step ${e.payload.step} was already added`];
      steps.add(e.payload.step);
      return undefined;
    case 'step.done':
      return steps.has(e.payload.step)
        ? undefined
        : [['payload', 'step'], `there is no step ${e.payload.step} yet`];
    case 'handoff.proposed':
      if (!steps.has(e.payload.step)) return [['payload', 'step'], `there is no step ${e.payload.step} yet`];
      if (handoffs.has(e.payload.handoff))
        return [['payload', 'handoff'], `handoff ${e.payload.handoff} was already proposed`];
      handoffs.set(e.payload.handoff, true);
      return undefined;
    case 'handoff.accepted':
    case 'handoff.declined':
    case 'handoff.expired':
    case 'handoff.reminded':
    case 'handoff.escalated': {
      const pending = handoffs.get(e.payload.handoff);
      if (pending === undefined)
        return [['payload', 'handoff'], `there is no handoff ${e.payload.handoff} yet`];
      if (!pending) return [['payload', 'handoff'], `handoff ${e.payload.handoff} was already answered`];
      if (e.type === 'handoff.accepted' || e.type === 'handoff.declined' || e.type === 'handoff.expired')
        handoffs.set(e.payload.handoff, false);
      return undefined;
    }
    default:
      return undefined;
  }
}

type Flat = Record<string, unknown>;

// Comparable forms: Dates as ISO strings, absent and undefined alike, rooms in key order.
const flat = (value: object): Flat =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [
        k,
        v instanceof Date ? v.toISOString() : k === 'rooms' ? JSON.stringify(sortKeys(v as Flat)) : v,
      ]),
  );
const sortKeys = (o: Flat) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const LISTS = ['participants', 'steps', 'handoffs'] as const;

function compare(stored: Incident, i: number, replayed: Incident): Problem[] {
  const at: Path = ['incidents', i];
  const gives = `but its timeline (events 1 to ${replayed.version}) gives`;
  const problems = fieldDiffs(flat(stored), flat(replayed), at, gives, LISTS);
  const keyOf = {
    participants: (p: Flat) => p.personId,
    steps: (s: Flat) => s.number,
    handoffs: (h: Flat) => h.number,
  };
  for (const list of LISTS) {
    const theirs = (replayed[list] as object[]).map(flat);
    const mine = (stored[list] as object[]).map(flat);
    mine.forEach((item, j) => {
      const match = theirs.find((t) => keyOf[list](t) === keyOf[list](item));
      if (!match)
        problems.push({
          path: [...at, list, j],
          message: `is not in its timeline (events 1 to ${replayed.version})`,
        });
      else problems.push(...fieldDiffs(item, match, [...at, list, j], gives));
    });
    for (const item of theirs)
      if (!mine.some((m) => keyOf[list](m) === keyOf[list](item)))
        problems.push({
          path: [...at, list],
          message: `lacks ${describeItem(list, item)}, which its timeline has`,
        });
  }
  return problems;
}

function fieldDiffs(
  stored: Flat,
  replayed: Flat,
  at: Path,
  gives: string,
  skip: readonly string[] = [],
): Problem[] {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(replayed)])].filter(
    (k) => !skip.includes(k),
  );
  return keys
    .filter((k) => stored[k] !== replayed[k])
    .map((k) => ({ path: [...at, k], message: `${shown(k, stored[k])}, ${gives} ${shown(k, replayed[k])}` }));
}

const shown = (key: string, value: unknown) =>
  key === 'rooms' && typeof value === 'string' ? value : show(value);

function describeItem(list: (typeof LISTS)[number], item: Flat): string {
  if (list === 'participants') return `participant ${show(item.personId)}`;
  return `${list === 'steps' ? 'step' : 'handoff'} ${show(item.number)}`;
}
