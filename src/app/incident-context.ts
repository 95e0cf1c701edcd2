// Which incident a command is about: the one named (INC-7), the room it was typed
// in, or the only open incident the person is part of.

import type { Person } from '../domain/directory.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { incidentRef } from '../domain/incident-types.ts';
import type { AppDeps } from './deps.ts';

export async function resolveIncidentNumber(
  deps: AppDeps,
  person: Person,
  named: number | undefined,
  room: number | undefined,
): Promise<number> {
  if (named !== undefined) return named;
  if (room !== undefined) return room;
  const open = await deps.store.transaction((tx) =>
    tx.listIncidents({ participantId: person.id, statuses: ['open', 'mitigated'] }),
  );
  const [only] = open;
  if (open.length === 1 && only) return only.number;
  if (open.length === 0) {
    throw new NotFoundError(
      `${person.name}, you are not in any open incident. Open one with /incident open <site> <what is wrong>, or name one: /incident INC-7 status`,
    );
  }
  const refs = open.map((i) => incidentRef(i.number));
  throw new ValidationError(
    `${person.name}, you are in ${refs.slice(0, -1).join(', ')} and ${refs.at(-1)}. Say which one, e.g. /incident ${refs[0]} status`,
  );
}
