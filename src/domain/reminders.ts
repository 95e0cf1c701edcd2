// What a due deadline means for an incident: the pure half of the timers. A deadline
// that is no longer relevant (handoff answered, incident resolved) decides nothing, so
// a late or repeated wake-up is harmless. Expiry is never decided here: a handoff closes
// only on someone's purpose (design §2, "it never silently lapses").

import type { Incident } from './incident-types.ts';
import type { EventType, NewEvent } from './timeline-types.ts';

export interface DueReminder {
  kind: 'handoff.remind' | 'handoff.escalate' | 'update.remind';
  handoffNumber?: number | undefined;
}

/** The timeline events a due reminder records now; empty when there is nothing to chase. */
export function decideReminder(incident: Incident, due: DueReminder, now: Date): NewEvent[] {
  if (incident.status === 'resolved') return [];
  if (due.kind === 'update.remind') {
    return [
      { type: 'update.reminded', at: now, actorId: null, payload: { coordinatorId: incident.coordinatorId } },
    ];
  }
  const handoff = incident.handoffs.find((h) => h.number === due.handoffNumber);
  if (!handoff || handoff.status !== 'pending') return [];
  const ref = { handoff: handoff.number, step: handoff.stepNumber };
  return due.kind === 'handoff.remind'
    ? [{ type: 'handoff.reminded', at: now, actorId: null, payload: { ...ref, toId: handoff.toId } }]
    : [
        {
          type: 'handoff.escalated',
          at: now,
          actorId: null,
          payload: { ...ref, coordinatorId: incident.coordinatorId },
        },
      ];
}

/**
 * How the client-update reminders are spaced: the first comes `firstMs` after the incident
 * opens, reopens or gets an update; while nobody posts one, each wait doubles, up to `maxMs`.
 * A reminder every 30 min around the clock buried a four-day outage's record under 189 of
 * them (issue 10); a coordinator who has not answered four reminders will not answer a fifth
 * sooner for being asked twice as often.
 */
export interface UpdateCadence {
  firstMs: number;
  maxMs: number;
}

/** The wait before the next update reminder when `reminded` have gone out since the last update. */
export function updateReminderDelay(reminded: number, cadence: UpdateCadence): number {
  let delay = cadence.firstMs;
  // A loop rather than 2 ** n: a reminder count in the thousands must not overflow to Infinity.
  for (let i = 0; i < reminded && delay < cadence.maxMs; i++) delay *= 2;
  return Math.min(delay, cadence.maxMs);
}

// What tells the client where things stand, and so starts the cadence again from the top.
const UPDATE_RESETS: ReadonlySet<EventType> = new Set([
  'incident.opened',
  'incident.reopened',
  'update.posted',
]);

/**
 * The update reminders sent since the client last heard from us: counted back from the end
 * of the timeline to the last update, opening or reopening. Read from the timeline rather
 * than kept in memory, so the backoff carries on where it was after a restart.
 */
export function remindersSinceUpdate(timeline: readonly { type: EventType }[]): number {
  let count = 0;
  for (let i = timeline.length - 1; i >= 0; i--) {
    const type = timeline[i]!.type;
    if (UPDATE_RESETS.has(type)) break;
    if (type === 'update.reminded') count++;
  }
  return count;
}
