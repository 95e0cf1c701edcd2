// /incident open: one incident per outage. A second report joins the open incident.

import { requireSite } from '../../domain/directory-lookup.ts';
import type { Person } from '../../domain/directory.ts';
import { nameOf } from '../../domain/directory-lookup.ts';
import { formatDuration } from '../../domain/duration.ts';
import { incidentRef, type Incident } from '../../domain/incident-types.ts';
import { decideJoinReport, decideOpen } from '../../domain/open-incident.ts';
import type { AppDeps } from '../deps.ts';
import { claim, runChange, saveChange } from '../mutate.ts';
import { siteBriefing } from '../notifications.ts';
import { privately, type Reply } from '../reply.ts';
import type { CommandOf } from './request.ts';
import type { Directory } from '../../domain/directory.ts';

const roleOf = (incident: Incident, personId: string) =>
  incident.participants.find((p) => p.personId === personId)?.role ?? 'observer';

function openedReply(incident: Incident, directory: Directory, actorId: string): string {
  const site = requireSite(directory, incident.siteId);
  const others = incident.participants
    .filter((p) => p.personId !== actorId)
    .map((p) => `${nameOf(directory, p.personId)} (${p.role === 'coordinator' ? 'coordinating' : p.role})`);
  return [
    `Opened ${incidentRef(incident.number)} for ${site.name} (${incident.severity}): "${incident.title}".`,
    `I've pulled in ${others.join(', ') || 'nobody else'}. ${nameOf(directory, incident.coordinatorId)} coordinates.`,
    ...siteBriefing(incident, directory, roleOf(incident, actorId)),
    'See who has the ball any time: /incident status',
  ].join('\n');
}

function joinedReply(incident: Incident, directory: Directory, now: Date): string {
  const site = requireSite(directory, incident.siteId);
  const age = formatDuration(now.getTime() - incident.openedAt.getTime());
  return (
    `${site.name} already has an open incident: ${incidentRef(incident.number)} "${incident.title}", opened ${age} ago by ` +
    `${nameOf(directory, incident.reporterId)}. I added your report to it and told ${nameOf(directory, incident.coordinatorId)}.`
  );
}

export async function openIncident(
  deps: AppDeps,
  request: { person: Person; command: CommandOf<'open'>; idempotencyKey?: string | undefined },
): Promise<Reply> {
  const { person, command } = request;
  const site = requireSite(deps.directory(), command.site);
  let joined = false;
  const change = await runChange(deps, `site:${site.id}`, async (tx, now, directory) => {
    await claim(tx, request.idempotencyKey, now);
    const ctx = { directory, actorId: person.id, now };
    const existing = await tx.findOpenIncident(site.id);
    joined = existing !== null;
    if (existing)
      return saveChange(tx, existing, existing.number, decideJoinReport(ctx, existing, command.text));
    const number = await tx.nextIncidentNumber();
    const opening = { number, siteId: site.id, title: command.text, severity: command.severity };
    return saveChange(tx, null, number, decideOpen(ctx, opening));
  });
  const directory = deps.directory();
  const text = joined
    ? joinedReply(change.incident, directory, deps.clock.now())
    : openedReply(change.incident, directory, person.id);
  return privately(text, change.incident.number);
}
