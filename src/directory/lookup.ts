// Small pure lookups over a Directory. The `…ById` helpers are for ids that must exist
// (typed in a command, read from an incident) and say which ids do when one does not;
// the handle lookups answer "who is this platform user?", where unknown is a normal
// answer that the caller turns into its own reply.

import { closestMatch } from '../commands/closest.ts';
import type { Directory, Organisation, Person, Site } from '../domain/directory.ts';
import { NotFoundError } from '../domain/errors.ts';

export function personById(directory: Directory, id: string): Person {
  const person = directory.people.find((p) => p.id === id);
  if (!person) throw notFound('person', id, directory.people);
  return person;
}

export function siteById(directory: Directory, id: string): Site {
  const site = directory.sites.find((s) => s.id === id);
  if (!site) throw notFound('site', id, directory.sites);
  return site;
}

export function organisationById(directory: Directory, id: string): Organisation {
  const organisation = directory.organisations.find((o) => o.id === id);
  if (!organisation) throw notFound('organisation', id, directory.organisations);
  return organisation;
}

/** Every person of the site's client organisation: all of them hear about its outages (story 3). */
export function clientContacts(directory: Directory, siteId: string): Person[] {
  const site = siteById(directory, siteId);
  return directory.people.filter((p) => p.organisationId === site.clientId);
}

export function personBySlackId(directory: Directory, slackUserId: string): Person | undefined {
  return directory.people.find((p) => p.handles.slack === slackUserId);
}

export function personByDiscordId(directory: Directory, discordUserId: string): Person | undefined {
  return directory.people.find((p) => p.handles.discord === discordUserId);
}

// Listing the known ids (up to a screenful) lets the reader fix a typo without opening the file.
const MAX_LISTED = 12;

function notFound(noun: string, id: string, known: readonly { id: string }[]): NotFoundError {
  const ids = known.map((k) => k.id);
  const guess = closestMatch(id, ids);
  const hint = guess ? ` Did you mean "${guess}"?` : '';
  const listed = ids.length > MAX_LISTED ? `${ids.slice(0, MAX_LISTED).join(', ')}, …` : ids.join(', ');
  return new NotFoundError(
    `There is no ${noun} "${id}" in the directory.${hint} Known: ${listed || 'none yet'}.`,
  );
}
