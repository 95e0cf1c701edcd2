// /incident link (issue 15, item 2): a client contact gets their organisation's read-only
// link privately, so nobody has to copy it out of the owner's pages and pass it on. Only
// client contacts get one: a link shows every incident of that client (design §1.5), and
// the provider's people already have the owner's pages.

import type { Person } from '../../domain/directory.ts';
import { PermissionError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { privately, type Reply } from '../reply.ts';

export function giveClientLink(deps: AppDeps, person: Person): Reply {
  const directory = deps.directory();
  const org = directory.organisations.find((o) => o.id === person.organisationId);
  const provider = directory.organisations.find((o) => o.kind === 'provider')?.name ?? 'your IT provider';
  if (org?.kind !== 'client') {
    throw new PermissionError(
      `${person.name}, read-only links are for client contacts: each one opens that client's incidents. ` +
        (org?.kind === 'provider'
          ? "You have the owner's pages; a client contact gets their own link by typing /incident link."
          : `Use /incident status or /incident mine to follow your incidents here.`),
    );
  }
  const url = deps.clientLinks?.clientUrl(org.id);
  if (!url) {
    return privately(
      `${person.name}, the incident pages are not running, so there is no link to give you yet. ` +
        `Ask ${provider} to turn them on; until then, /incident status shows where things stand.`,
    );
  }
  return privately(
    [
      `${person.name}, here is ${org.name}'s own read-only page: ${url}`,
      'It shows your incidents: their status, who holds each step right now, and the timeline. It changes nothing, and it is only for you and your colleagues: anyone with the link can read it.',
    ].join('\n'),
  );
}
