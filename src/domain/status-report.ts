// "Who has the ball?" in plain words (design §1.2): each step's owner and for how
// long, and each pending handoff with its age.

import type { Directory } from './directory.ts';
import { nameOf, siteNameOf } from './directory-lookup.ts';
import { formatDuration } from './duration.ts';
import { incidentRef, type Incident } from './incident-types.ts';

function stepLines(incident: Incident, directory: Directory, now: Date): string[] {
  if (incident.steps.length === 0) return ['No steps yet. Add one: /incident step add <title>'];
  return incident.steps.map((s) => {
    const owner = nameOf(directory, s.ownerId);
    if (s.status === 'done') return `  ✓ Step ${s.number}: ${s.title} (done, last held by ${owner})`;
    const held = formatDuration(now.getTime() - s.ownerSince.getTime());
    return `  • Step ${s.number}: ${s.title}: ${owner} has it (for ${held})`;
  });
}

function pendingLines(incident: Incident, directory: Directory, now: Date): string[] {
  return incident.handoffs
    .filter((h) => h.status === 'pending')
    .map((h) => {
      const age = formatDuration(now.getTime() - h.proposedAt.getTime());
      return `  ⏳ H${h.number}: step ${h.stepNumber} offered by ${nameOf(directory, h.proposedById)} to ${nameOf(directory, h.toId)} ${age} ago; not accepted yet, so ${nameOf(directory, h.fromId)} still owns it`;
    });
}

export function renderStatus(incident: Incident, directory: Directory, now: Date): string {
  const age = formatDuration((incident.resolvedAt ?? now).getTime() - incident.openedAt.getTime());
  const state = incident.status === 'resolved' ? `resolved after ${age}` : `${incident.status} for ${age}`;
  const pending = pendingLines(incident, directory, now);
  return [
    `${incidentRef(incident.number)} · ${siteNameOf(directory, incident.siteId)} · ${incident.severity} · ${state}`,
    `"${incident.title}"`,
    `Coordinator: ${nameOf(directory, incident.coordinatorId)}`,
    'Steps:',
    ...stepLines(incident, directory, now),
    ...(pending.length ? ['Waiting for an answer:', ...pending] : []),
  ].join('\n');
}
