// A plain message in an incident room: the blame guard reads it (design §2).

import type { Person } from '../../domain/directory.ts';
import { decideBlameCheck } from '../../domain/blame-guard.ts';
import type { AppDeps } from '../deps.ts';
import { claim, loadIncidentOrThrow, runChange, saveChange } from '../mutate.ts';
import { inRoom, type Reply } from '../reply.ts';

export async function readRoomMessage(
  deps: AppDeps,
  request: { person: Person; text: string; incidentNumber: number; idempotencyKey?: string | undefined },
): Promise<Reply | null> {
  let reply: string | undefined;
  await runChange(deps, `incident:${request.incidentNumber}`, async (tx, now, directory) => {
    await claim(tx, request.idempotencyKey, now);
    const incident = await loadIncidentOrThrow(tx, request.incidentNumber);
    // Only participants' messages count; anyone else's chatter is not ours to judge.
    if (!incident.participants.some((p) => p.personId === request.person.id))
      return saveChange(tx, incident, incident.number, []);
    const verdict = decideBlameCheck({ directory, actorId: request.person.id, now }, incident, request.text);
    reply = verdict.reply;
    return saveChange(tx, incident, incident.number, verdict.events);
  });
  return reply ? inRoom(reply, request.incidentNumber) : null;
}
