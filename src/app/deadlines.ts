// Which deadlines a change arms or disarms. mutate.ts writes them in the change's own
// transaction, then asks the Timers port to wake the process up at each.

import type { Incident } from '../domain/incident-types.ts';
import { remindersSinceUpdate, updateReminderDelay } from '../domain/reminders.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { Settings } from './deps.ts';
import type { Deadline } from './ports.ts';

export const handoffKeys = (incident: number, handoff: number) => [
  `handoff:${incident}:${handoff}:remind`,
  `handoff:${incident}:${handoff}:escalate`,
];
export const updateKey = (incident: number) => `update:${incident}`;
/** The one scheduled-backup deadline: its row says when the next backup is due. */
export const BACKUP_KEY = 'backup';

/** True when the change needs the incident's whole timeline to arm its deadlines. */
export const needsTimeline = (events: readonly TimelineEvent[]) =>
  events.some((e) => e.type === 'update.reminded');

/**
 * `timeline` is the incident's timeline up to and including `events`; it is read only for an
 * update reminder, whose successor backs off by how many went unanswered before it.
 */
export function deadlinesFor(
  events: readonly TimelineEvent[],
  incident: Incident,
  settings: Settings,
  timeline: readonly TimelineEvent[] = events,
): { arm: Deadline[]; disarm: string[] } {
  // The last word on a key wins, so "update then resolve" in one change leaves nothing armed.
  const plan = new Map<string, Deadline | null>();
  const arm = { push: (...ds: Deadline[]) => ds.forEach((d) => plan.set(d.key, d)) };
  const disarm = { push: (...keys: string[]) => keys.forEach((k) => plan.set(k, null)) };
  const n = incident.number;
  const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
  const cadence = { firstMs: settings.updateEveryMs, maxMs: settings.updateBackoffMaxMs };
  for (const e of events) {
    if (e.type === 'handoff.proposed') {
      const [remind, escalate] = handoffKeys(n, e.payload.handoff) as [string, string];
      const base = { incidentNumber: n, handoffNumber: e.payload.handoff };
      arm.push({ ...base, key: remind, kind: 'handoff.remind', at: after(e.at, settings.ackRemindMs) });
      arm.push({ ...base, key: escalate, kind: 'handoff.escalate', at: after(e.at, settings.ackEscalateMs) });
    } else if (
      e.type === 'handoff.accepted' ||
      e.type === 'handoff.declined' ||
      e.type === 'handoff.expired'
    ) {
      disarm.push(...handoffKeys(n, e.payload.handoff));
    } else if (
      e.type === 'incident.opened' ||
      e.type === 'incident.reopened' ||
      e.type === 'update.posted' ||
      // The cadence re-arms itself from its own reminder, so it runs while the incident is open.
      e.type === 'update.reminded'
    ) {
      const reminded = remindersSinceUpdate(timeline.filter((x) => x.seq <= e.seq));
      arm.push({
        key: updateKey(n),
        kind: 'update.remind',
        incidentNumber: n,
        at: after(e.at, updateReminderDelay(reminded, cadence)),
      });
    } else if (e.type === 'incident.resolved') {
      disarm.push(updateKey(n));
    }
  }
  return {
    arm: [...plan.values()].filter((d) => d !== null),
    disarm: [...plan].filter(([, d]) => d === null).map(([key]) => key),
  };
}
