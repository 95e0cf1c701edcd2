// /incident mine (issue 15, item 3): what is waiting on the person, across every incident
// they take part in that is not resolved. Read-only and private: it lists their own work.

import type { Person } from '../../domain/directory.ts';
import { collectMyWork, isNothingWaiting, renderMyWork } from '../../domain/my-work.ts';
import type { AppDeps } from '../deps.ts';
import { privately, type Reply } from '../reply.ts';

export interface MyWorkView {
  text: string;
  /** No open steps and no pending handoffs: the console stays quiet, App Home says so. */
  nothingWaiting: boolean;
}

export async function readMyWork(
  deps: Pick<AppDeps, 'store' | 'clock' | 'directory'>,
  person: Person,
): Promise<MyWorkView> {
  const incidents = await deps.store.transaction((tx) =>
    tx.listIncidents({ participantId: person.id, statuses: ['open', 'mitigated'] }),
  );
  const work = collectMyWork(person.id, incidents);
  return {
    text: renderMyWork(person.id, work, deps.directory(), deps.clock.now()),
    nothingWaiting: isNothingWaiting(work),
  };
}

export async function showMyWork(deps: AppDeps, person: Person): Promise<Reply> {
  return privately((await readMyWork(deps, person)).text);
}
