// A plain message in an incident room: the blame guard reads it (design §2).

import { stripControlCharacters } from '../../commands/index.ts';
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
    // Stripped, not refused: a room message is said to the room, not to the bot, so there is
    // nobody to answer "can't contain control characters", and refusing would let an escape
    // sequence hide a deflection from the guard. The words are judged and recorded clean.
    const text = stripControlCharacters(request.text);
    const verdict = decideBlameCheck({ directory, actorId: request.person.id, now }, incident, text);
    reply = verdict.reply;
    return saveChange(tx, incident, incident.number, verdict.events);
  });
  return reply ? inRoom(reply, request.incidentNumber) : null;
}
