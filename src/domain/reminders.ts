// What a due deadline means for an incident: the pure half of the timers. A deadline
// that is no longer relevant (handoff answered, incident resolved) decides nothing, so
// a late or repeated wake-up is harmless. Expiry is never decided here: a handoff closes
// only on someone's purpose (design §2, "it never silently lapses").

import type { Incident } from './incident-types.ts';
import type { NewEvent } from './timeline-types.ts';

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
