// Which timers a change arms or disarms. The Timers port makes them durable (issue 4).

import type { Incident } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { Settings } from './deps.ts';
import type { Deadline } from './ports.ts';

export const handoffKeys = (incident: number, handoff: number) => [
  `handoff:${incident}:${handoff}:remind`,
  `handoff:${incident}:${handoff}:escalate`,
];
export const updateKey = (incident: number) => `update:${incident}`;

export function deadlinesFor(
  events: readonly TimelineEvent[],
  incident: Incident,
  settings: Settings,
): { arm: Deadline[]; disarm: string[] } {
  const arm: Deadline[] = [];
  const disarm: string[] = [];
  const n = incident.number;
  const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
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
    } else if (e.type === 'incident.opened' || e.type === 'incident.reopened' || e.type === 'update.posted') {
      arm.push({
        key: updateKey(n),
        kind: 'update.remind',
        incidentNumber: n,
        at: after(e.at, settings.updateEveryMs),
      });
    } else if (e.type === 'incident.resolved') {
      disarm.push(updateKey(n));
    }
  }
  return { arm, disarm };
}
