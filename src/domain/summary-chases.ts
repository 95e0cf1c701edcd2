// The bot's chasing, told in aggregate. Listing each reminder buried a four-day outage's
// summary under 189 "reminded Dana to update the client" lines (issue 10): what a reader
// needs is how often each person was chased and how long the client went without news.
// The timeline still keeps every reminder, with its time.

import { formatDuration } from './duration.ts';
import type { Chase, Summary } from './summary-types.ts';
import { listAnd } from './text.ts';

/** A stretch of the open incident in which the client heard nothing from us. */
export interface Silence {
  from: Date;
  /** The update or resolution that ended it, or `end` while it is still running. */
  to: Date;
  ms: number;
  /** Still running: the incident is open and nobody has updated the client since `from`. */
  ongoing: boolean;
}

/**
 * The longest time without a client update: within each open stretch of the incident
 * (opening or reopening to resolution, or to `end` while open), the gaps between its start,
 * each `/incident update` and its end. The resolution counts as news (everyone is told);
 * the time while resolved does not count (nobody is expected to post then). The earliest
 * wins a tie. Undefined only for an incident with no open time at all.
 */
export function longestWithoutUpdate(d: Summary, end: Date): Silence | undefined {
  let longest: Silence | undefined;
  for (const open of d.downtime) {
    const to = open.to ?? end;
    const updates = d.updates.map((u) => u.at).filter((at) => at >= open.from && at <= to);
    const marks = [open.from, ...updates, to];
    for (let i = 1; i < marks.length; i++) {
      const ms = marks[i]!.getTime() - marks[i - 1]!.getTime();
      if (longest && ms <= longest.ms) continue;
      const ongoing = open.to === undefined && i === marks.length - 1;
      longest = { from: marks[i - 1]!, to: marks[i]!, ms, ongoing };
    }
  }
  return longest;
}

export interface UpdateReminders {
  count: number;
  /** Who was reminded (the coordinator), in order of first reminder. */
  personIds: string[];
  at: Date[];
  longestWithoutUpdate?: Silence | undefined;
}

export function updateRemindersOf(d: Summary, end: Date): UpdateReminders {
  const reminders = d.chases.filter((c) => c.kind === 'update.reminded');
  return {
    count: reminders.length,
    personIds: [...new Set(reminders.map((c) => c.personId))],
    at: reminders.map((c) => c.at),
    longestWithoutUpdate: longestWithoutUpdate(d, end),
  };
}

/** The handoff reminders and escalations: at most one of each per handoff, so kept whole. */
export const handoffChasesOf = (d: Summary): Chase[] => d.chases.filter((c) => c.kind !== 'update.reminded');

/** How the chat summary names people and writes times, so these lines match the rest. */
export interface ChaseFormat {
  name: (id: string) => string;
  stamp: (at: Date) => string;
}
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

function updateLine(r: UpdateReminders, { name, stamp }: ChaseFormat): string {
  const who = `${listAnd(r.personIds.map(name))} ${r.personIds.length > 1 ? 'were' : 'was'}`;
  const head = `- ${who} reminded to update the client ${times(r.count)}`;
  const s = r.longestWithoutUpdate;
  if (!s) return `${head}.`;
  return s.ongoing
    ? `${head}; the longest time without an update is ${formatDuration(s.ms)} and counting (since ${stamp(s.from)}).`
    : `${head}; the longest time without an update was ${formatDuration(s.ms)} (${stamp(s.from)} to ${stamp(s.to)}).`;
}

/** "H1 (step 1), H3 (step 2) ×2": each handoff once, with how often when more than once. */
function handoffList(chases: Chase[]): { distinct: number; text: string } {
  const counts = new Map<number, { step: number | undefined; n: number }>();
  for (const c of chases) {
    const seen = counts.get(c.handoff ?? 0);
    counts.set(c.handoff ?? 0, { step: c.step, n: (seen?.n ?? 0) + 1 });
  }
  const text = [...counts]
    .map(([h, { step, n }]) => `H${h} (step ${step})${n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
  return { distinct: counts.size, text };
}

function handoffLines(chases: Chase[], name: (id: string) => string): string[] {
  const groups = new Map<string, Chase[]>();
  for (const c of chases) {
    const key = `${c.kind} ${c.personId}`;
    // Pushed, not copied: a copy per chase made this quadratic in the chases (issue 13).
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()].map((group) => {
    const { kind, personId } = group[0]!;
    const { distinct, text } = handoffList(group);
    const handoffs = distinct === 1 ? '1 unanswered handoff' : `${distinct} unanswered handoffs`;
    return kind === 'handoff.reminded'
      ? `- ${name(personId)} was reminded of ${handoffs}: ${text}.`
      : `- ${handoffs} ${distinct === 1 ? 'was' : 'were'} escalated to ${name(personId)}: ${text}.`;
  });
}

/** The "Reminders and escalations" section's lines: client updates first, then handoffs. */
export function chaseLines(d: Summary, format: ChaseFormat, end: Date): string[] {
  const updates = updateRemindersOf(d, end);
  const handoffChases = handoffChasesOf(d);
  return [
    ...(updates.count > 0 ? [updateLine(updates, format)] : []),
    ...handoffLines(
      handoffChases.filter((c) => c.kind === 'handoff.reminded'),
      format.name,
    ),
    ...handoffLines(
      handoffChases.filter((c) => c.kind === 'handoff.escalated'),
      format.name,
    ),
  ];
}
