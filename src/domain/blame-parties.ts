// The parties of an incident the blame guard listens for by name: organisations, people
// (and their colleagues) and the site, except the speaker and the speaker's own organisation.

import type { Directory } from './directory.ts';
import { findPerson } from './directory-lookup.ts';
import type { Incident } from './incident-types.ts';
import lexicon from './blame-phrases.json' with { type: 'json' };
import { normaliseForMatching } from './blame-text.ts';

export interface Parties {
  /** Normalised alias ("cloudnest", "cloudnest managed hosting", "jonas") → name to show. */
  others: Map<string, string>;
  /** How the speaker may name themselves: their name and their organisation's aliases. */
  self: string[];
}

export const NO_PARTIES: Parties = { others: new Map(), self: [] };

const GENERIC = new Set(lexicon.genericNameWords);

/**
 * A long name's distinctive leading words: "CloudNest Managed Hosting" is also
 * "CloudNest" and "CloudNest Managed", as people say it. A name whose first word is
 * generic ("The Hosting Co") is matched whole only, so "the" never points at anyone.
 */
export function aliasesOf(name: string): string[] {
  const words = normaliseForMatching(name).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const first = words[0]!;
  if (GENERIC.has(first) || first.length < 3) return [words.join(' ')];
  return words.map((_, i) => words.slice(0, i + 1).join(' '));
}

/** How to show a name in a label: its first word as written, if that word is what people say. */
function shortName(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? name;
  return aliasesOf(name).length > 1 ? first : name;
}

export function partiesOf(directory: Directory, incident: Incident, speakerId: string): Parties {
  const speaker = findPerson(directory, speakerId);
  const ownOrg = directory.organisations.find((o) => o.id === speaker?.organisationId);
  const self = [...(speaker ? aliasesOf(speaker.name) : []), ...(ownOrg ? aliasesOf(ownOrg.name) : [])];
  const others = new Map<string, string>();
  const add = (name: string) => {
    for (const alias of aliasesOf(name))
      if (!self.includes(alias) && !others.has(alias)) others.set(alias, shortName(name));
  };
  const people = incident.participants.map((p) => findPerson(directory, p.personId)).filter((p) => !!p);
  for (const person of people) if (person.id !== speakerId) add(person.name);
  const site = directory.sites.find((s) => s.id === incident.siteId);
  const orgIds = new Set([...people.map((p) => p.organisationId), ...(site ? [site.clientId] : [])]);
  for (const org of directory.organisations) if (orgIds.has(org.id) && org.id !== ownOrg?.id) add(org.name);
  // Colleagues of the people in the room are named too: "that's one for Priya".
  for (const person of directory.people)
    if (orgIds.has(person.organisationId) && person.id !== speakerId) add(person.name);
  if (site) add(site.name);
  return { others, self };
}
