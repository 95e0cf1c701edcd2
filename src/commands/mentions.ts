// Turning a mention into a person of the directory. Platform ids are exact; names are
// what people type, so they match loosely but never guess between two people.

import type { Directory, Person } from '../domain/directory.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import { editDistance } from './closest.ts';
import type { MentionRef } from './command-types.ts';
import { listAnd } from '../domain/text.ts';

const PLATFORM_LABEL = { slack: 'Slack', discord: 'Discord' } as const;
const SUGGESTIONS = 5;

/** The mention as the user would write it, for messages: `@Sam`, `@"Dana Scully"`, `<@U123>`. */
export function describeMention(ref: MentionRef): string {
  if (ref.kind === 'slack' || ref.kind === 'discord') return `<@${ref.id}>`;
  if (ref.kind === 'person') return ref.id;
  return /\s/.test(ref.name) ? `@"${ref.name}"` : `@${ref.name}`;
}

/**
 * The person a mention points at. Throws NotFoundError for nobody (naming the closest people,
 * or how to get a chat user added) and ValidationError when a name fits more than one person.
 */
export function resolveMention(ref: MentionRef, directory: Directory): Person {
  if (ref.kind === 'name') return resolveName(ref.name, directory);
  if (ref.kind === 'person') {
    const person = directory.people.find((p) => p.id === ref.id);
    if (!person) throw new NotFoundError(`Nobody with the id "${ref.id}" is in the directory.`);
    return person;
  }
  const person = directory.people.find((p) => p.handles[ref.kind] === ref.id);
  if (person) return person;
  const platform = PLATFORM_LABEL[ref.kind];
  throw new NotFoundError(
    `This ${platform} user (<@${ref.id}>) is not in the directory yet, so I can't hand them anything. ` +
      `Ask your provider to add their ${platform} user id (${ref.id}) to their entry in the directory file.`,
  );
}

// Curly apostrophes come from phones; a trailing full stop is the end of the sentence
// ("give it to @Dana."), so it is dropped from both sides of the comparison.
const normalise = (s: string): string =>
  s
    .normalize('NFC')
    .trim()
    .replace(/^@/, '')
    .replace(/’/g, "'")
    .replace(/\.+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
const firstWord = (name: string): string => normalise(name).split(' ')[0] ?? '';

// Preferred name beats id beats first name, so @Sam finds "Sam" even when "Sam Carter" exists.
const MATCHERS: readonly ((person: Person, wanted: string) => boolean)[] = [
  (p, wanted) => normalise(p.name) === wanted,
  (p, wanted) => p.id.toLowerCase() === wanted,
  (p, wanted) => firstWord(p.name) === wanted,
];

function resolveName(name: string, directory: Directory): Person {
  const wanted = normalise(name);
  for (const matches of MATCHERS) {
    const found = directory.people.filter((p) => matches(p, wanted));
    const [only] = found;
    if (found.length === 1 && only) return only;
    if (found.length > 1) throw ambiguous(name, found);
  }
  throw unknownName(name, directory);
}

function ambiguous(name: string, people: readonly Person[]): ValidationError {
  const listed = people.map((p) => `${p.name} (id ${p.id})`);
  // Full names only help when they differ; the ids always do.
  const namesDiffer = new Set(people.map((p) => normalise(p.name))).size === people.length;
  const byName = namesDiffer ? people.map((p) => describeMention({ kind: 'name', name: p.name })) : [];
  const byId = people.map((p) => `@${p.id}`);
  return new ValidationError(
    `More than one person is called ${describeMention({ kind: 'name', name })}: ${listAnd(listed)}. ` +
      `Say which one with their ${namesDiffer ? 'full name or id' : 'id'}, e.g. ${joinOr([...byName, ...byId].slice(0, 4))}.`,
  );
}

function unknownName(name: string, directory: Directory): NotFoundError {
  const wanted = normalise(name);
  const closest = directory.people
    .map((p) => ({
      p,
      d: Math.min(editDistance(wanted, normalise(p.name)), editDistance(wanted, firstWord(p.name))),
    }))
    .sort((a, b) => a.d - b.d || a.p.name.localeCompare(b.p.name))
    .slice(0, SUGGESTIONS)
    .map(({ p }) => p.name);
  const known =
    closest.length > 0
      ? `People in the directory with the closest names: ${closest.join(', ')}.`
      : 'The directory has nobody in it yet.';
  return new NotFoundError(`I don't know anyone called ${describeMention({ kind: 'name', name })}. ${known}`);
}

const joinOr = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
