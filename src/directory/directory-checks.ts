// Checks that need more than one entry: unique ids, handles and names, and references between
// organisations, people and sites. They see every entry, but of an entry with problems of
// its own only the fields that are valid, so a broken entry still has its references
// checked, and one typo is reported once instead of at every place that refers to it.

import { closestMatch } from '../commands/closest.ts';
import type { OrgKind } from '../domain/directory.ts';
import type { OrganisationEntry, PersonEntry, SiteEntry } from './directory-schema.ts';

export type Section = 'organisations' | 'people' | 'sites';

/** One thing wrong with the file, located by entry and field (both in the file's words). */
export interface Problem {
  at?: { section: Section; index: number };
  field?: string;
  message: string;
}

export interface Parsed<T> {
  index: number;
  entry: T;
}

export interface CheckInput {
  /** The `id` of every entry as written, valid or not (undefined when it is not text). */
  rawIds: Record<Section, (string | undefined)[]>;
  /** Every entry, with only its valid fields. */
  organisations: Parsed<Partial<OrganisationEntry>>[];
  people: Parsed<Partial<PersonEntry>>[];
  sites: Parsed<Partial<SiteEntry>>[];
}

export function checkCrossReferences(input: CheckInput): Problem[] {
  return [
    ...duplicateIds(input.rawIds, 'organisations'),
    ...duplicateIds(input.rawIds, 'people'),
    ...duplicateIds(input.rawIds, 'sites'),
    ...duplicateHandles(input.people, 'slack'),
    ...duplicateHandles(input.people, 'discord'),
    ...duplicateNames(input.people),
    ...personOrganisations(input),
    ...timeZonesOnProviderOnly(input),
    ...emailNeededToNotifyByEmail(input.people),
    ...input.sites.flatMap((site) => siteReferences(input, site)),
  ];
}

/** `notify: email` or `both` without an address would leave the person unreachable without a word. */
function emailNeededToNotifyByEmail(people: Parsed<Partial<PersonEntry>>[]): Problem[] {
  return people
    .filter(({ entry }) => (entry.notify === 'email' || entry.notify === 'both') && entry.email === undefined)
    .map(({ index, entry }) => ({
      at: { section: 'people' as const, index },
      field: 'notify',
      message: `notify: ${entry.notify} needs an e-mail address: add "email: name@example.com" to this entry`,
    }));
}

/** Times follow the provider's zone: a zone on a vendor or client would silently be ignored. */
function timeZonesOnProviderOnly(input: CheckInput): Problem[] {
  return input.organisations
    .filter(
      ({ entry }) => entry.timezone !== undefined && entry.kind !== undefined && entry.kind !== 'provider',
    )
    .map(({ index }) => ({
      at: { section: 'organisations' as const, index },
      field: 'timezone',
      message:
        "only the provider organisation has a time zone (times are shown in the provider's zone); remove it here",
    }));
}

function duplicateIds(rawIds: CheckInput['rawIds'], section: Section): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  rawIds[section].forEach((id, index) => {
    if (id === undefined) return;
    const earlier = firstIndex.get(id);
    if (earlier === undefined) firstIndex.set(id, index);
    else
      problems.push({
        at: { section, index },
        field: 'id',
        message: `"${id}" is already used by ${section}[${earlier}]`,
      });
  });
  return problems;
}

// Handles identify who typed a command; two people with one handle would act as each other.
function duplicateHandles(people: CheckInput['people'], platform: 'slack' | 'discord'): Problem[] {
  const owner = new Map<string, CheckInput['people'][number]>();
  const problems: Problem[] = [];
  for (const person of people) {
    const handle = person.entry[platform];
    if (handle === undefined) continue;
    const earlier = owner.get(handle);
    if (!earlier) owner.set(handle, person);
    else
      problems.push({
        at: { section: 'people', index: person.index },
        field: platform,
        message: `"${handle}" is already the ${platform} handle of ${entryName('people', earlier)}`,
      });
  }
  return problems;
}

// People are picked by preferred name (/as Dana in the console, @Dana in a command), the way
// mentions compare them: ignoring case, spacing and curly apostrophes. Two people with one
// name would leave one of them unreachable.
const nameKey = (name: string): string =>
  name.normalize('NFC').trim().replace(/’/g, "'").replace(/\s+/g, ' ').toLowerCase();

function duplicateNames(people: CheckInput['people']): Problem[] {
  const owner = new Map<string, CheckInput['people'][number]>();
  const problems: Problem[] = [];
  for (const person of people) {
    if (person.entry.name === undefined) continue;
    const key = nameKey(person.entry.name);
    const earlier = owner.get(key);
    if (!earlier) owner.set(key, person);
    else
      problems.push({
        at: { section: 'people', index: person.index },
        field: 'name',
        message:
          `"${person.entry.name.trim()}" is already the preferred name of ${entryName('people', earlier)}; ` +
          'give each person a name of their own (e.g. add a surname)',
      });
  }
  return problems;
}

function personOrganisations(input: CheckInput): Problem[] {
  const known = knownIds(input.rawIds.organisations);
  const problems: Problem[] = [];
  for (const { entry, index } of input.people) {
    const orgId = entry.organisation;
    if (orgId === undefined || known.includes(orgId)) continue;
    problems.push({
      at: { section: 'people', index },
      field: 'organisation',
      message: unknownReference('organisation', orgId, known),
    });
  }
  return problems;
}

function siteReferences(input: CheckInput, site: CheckInput['sites'][number]): Problem[] {
  const at = { section: 'sites' as const, index: site.index };
  const { client, it_contact: itContact, vendor_contacts: vendorContacts = [] } = site.entry;
  const problems: Problem[] = [];
  const clientMessage = client === undefined ? undefined : clientProblem(input, client);
  if (clientMessage) problems.push({ at, field: 'client', message: clientMessage });
  const people = knownIds(input.rawIds.people);
  if (itContact !== undefined && !people.includes(itContact)) {
    problems.push({ at, field: 'it_contact', message: unknownReference('person', itContact, people) });
  }
  vendorContacts.forEach((personId, i) => {
    const field = `vendor_contacts[${i}]`;
    if (vendorContacts.indexOf(personId) < i) {
      problems.push({ at, field, message: `"${personId}" is listed twice` });
      return;
    }
    const message = vendorContactProblem(input, personId, people);
    if (message) problems.push({ at, field, message });
  });
  return problems;
}

function clientProblem(input: CheckInput, orgId: string): string | undefined {
  const known = knownIds(input.rawIds.organisations);
  if (!known.includes(orgId)) return unknownReference('organisation', orgId, known);
  const org = input.organisations.find(({ entry }) => entry.id === orgId)?.entry;
  if (!org?.kind || org.kind === 'client') return undefined;
  const clients = idsOfKind(input, 'client');
  return `"${orgId}" is a ${org.kind} organisation; a site's client must be a client organisation. Clients: ${listOf(clients)}`;
}

function vendorContactProblem(input: CheckInput, personId: string, people: string[]): string | undefined {
  if (!people.includes(personId)) return unknownReference('person', personId, people);
  const person = input.people.find(({ entry }) => entry.id === personId)?.entry;
  const org = input.organisations.find(({ entry }) => entry.id === person?.organisation)?.entry;
  // An unknown person or organisation is reported at its own entry, not again here.
  if (person?.organisation === undefined || !org?.kind || org.kind === 'vendor') return undefined;
  const vendorIds = idsOfKind(input, 'vendor');
  const vendorPeople = definedIds(
    input.people.filter(
      ({ entry }) => entry.organisation !== undefined && vendorIds.includes(entry.organisation),
    ),
  );
  return (
    `"${personId}" works for "${person.organisation}", a ${org.kind} organisation; vendor contacts must work for a vendor. ` +
    `Vendor people: ${listOf(vendorPeople)}`
  );
}

function idsOfKind(input: CheckInput, kind: OrgKind): string[] {
  return definedIds(input.organisations.filter(({ entry }) => entry.kind === kind));
}

function definedIds(entries: Parsed<{ id?: string }>[]): string[] {
  return entries.flatMap(({ entry }) => (entry.id === undefined ? [] : [entry.id]));
}

function entryName(section: Section, { index, entry }: Parsed<{ id?: string }>): string {
  return entry.id === undefined ? `${section}[${index}]` : `${section}[${index}] (id "${entry.id}")`;
}

function knownIds(rawIds: (string | undefined)[]): string[] {
  return [...new Set(rawIds.filter((id): id is string => id !== undefined))];
}

function unknownReference(noun: string, value: string, known: string[]): string {
  const guess = closestMatch(value, known);
  const hint = guess ? ` (did you mean "${guess}"?)` : '';
  return `unknown ${noun} "${value}"${hint}. Known: ${listOf(known)}`;
}

// Long enough to spot the right id, short enough that the message stays readable.
const MAX_LISTED = 12;

function listOf(ids: string[]): string {
  if (ids.length === 0) return 'none';
  if (ids.length <= MAX_LISTED) return ids.join(', ');
  return `${ids.slice(0, MAX_LISTED).join(', ')}, …and ${ids.length - MAX_LISTED} more`;
}
