// Pure lookups over the directory that the rules need. Messages name people by
// their preferred name, never by id.

import type { Directory, OrgKind, Person, Site } from './directory.ts';
import { NotFoundError } from './errors.ts';
import type { ParticipantRole } from './incident-types.ts';

export function findPerson(directory: Directory, id: string): Person | undefined {
  return directory.people.find((p) => p.id === id);
}

export function requirePerson(directory: Directory, id: string): Person {
  const person = findPerson(directory, id);
  if (!person) throw new NotFoundError(`Nobody with the id "${id}" is in the directory.`);
  return person;
}

export function requireSite(directory: Directory, id: string): Site {
  const site = directory.sites.find((s) => s.id === id);
  if (!site) {
    const known = directory.sites.map((s) => s.id).join(', ');
    throw new NotFoundError(`There is no site called "${id}". Known sites: ${known || 'none yet'}.`);
  }
  return site;
}

/** The site's name, or its id when the site is no longer in the directory. */
export function siteNameOf(directory: Directory, siteId: string): string {
  return directory.sites.find((s) => s.id === siteId)?.name ?? siteId;
}

/** Preferred name, or the id when the person is no longer in the directory. */
export function nameOf(directory: Directory, id: string): string {
  return findPerson(directory, id)?.name ?? id;
}

export function orgKindOf(directory: Directory, personId: string): OrgKind | undefined {
  const person = findPerson(directory, personId);
  return directory.organisations.find((o) => o.id === person?.organisationId)?.kind;
}

/** The role a person takes when they join an incident without one being given. */
export function defaultRole(directory: Directory, personId: string): ParticipantRole {
  const kind = orgKindOf(directory, personId);
  if (kind === 'vendor') return 'vendor';
  if (kind === 'client') return 'client';
  if (kind === 'provider') return 'it';
  return 'observer';
}

/** Every contact of the site's client organisation (design §1.3: notify them all). */
export function clientContactsOf(directory: Directory, site: Site): Person[] {
  return directory.people.filter((p) => p.organisationId === site.clientId);
}

/** People with a standing relation to the site: may report its outages and read them. */
export function isRelatedToSite(directory: Directory, site: Site, personId: string): boolean {
  if (site.itContactId === personId || site.vendorContactIds.includes(personId)) return true;
  const person = findPerson(directory, personId);
  if (!person) return false;
  return person.organisationId === site.clientId || orgKindOf(directory, personId) === 'provider';
}
