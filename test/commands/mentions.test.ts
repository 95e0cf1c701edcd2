import { describe, expect, it } from 'vitest';
import { describeMention, resolveMention, type MentionRef } from '../../src/commands/index.ts';
import type { Directory, Person } from '../../src/domain/directory.ts';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { expectError } from './expect-error.ts';

const person = (id: string, name: string, handles: Person['handles'] = {}): Person => ({
  id,
  name,
  organisationId: 'acme',
  handles,
});

const directory: Directory = {
  organisations: [{ id: 'acme', name: 'Acme IT', kind: 'provider' }],
  sites: [],
  people: [
    person('dana', 'Dana Scully', { slack: 'U0DANA', discord: '111111111111111111' }),
    person('sam-carter', 'Sam Carter', { slack: 'U0SAM' }),
    person('sam-jones', 'Sam Jones'),
    person('kevin', 'Kevin', { discord: '222222222222222222' }),
    person('obrien', "Miles O'Brien"),
    person('jr', 'J.R.'),
  ],
};

const resolve = (ref: MentionRef) => resolveMention(ref, directory).id;
const byName = (name: string): MentionRef => ({ kind: 'name', name });

describe('resolveMention', () => {
  it('finds people by platform handle or directory id', () => {
    expect(resolve({ kind: 'slack', id: 'U0SAM' })).toBe('sam-carter');
    expect(resolve({ kind: 'discord', id: '222222222222222222' })).toBe('kevin');
    expect(resolve({ kind: 'person', id: 'dana' })).toBe('dana');
  });

  it.each([
    ['Dana Scully', 'dana'],
    ['dana scully', 'dana'],
    ['DANA', 'dana'],
    ['sam-jones', 'sam-jones'],
    ['Kevin', 'kevin'],
    ['miles o’brien', 'obrien'],
    ['Kevin.', 'kevin'],
    ['J.R.', 'jr'],
  ])('finds @%s', (name, id) => {
    expect(resolve(byName(name))).toBe(id);
  });

  it('prefers a full preferred name over a first-name match', () => {
    const withSam: Directory = { ...directory, people: [...directory.people, person('sam', 'Sam')] };
    expect(resolveMention(byName('sam'), withSam).id).toBe('sam');
  });

  it('refuses to guess between two people called Sam', () => {
    expectError(
      () => resolve(byName('Sam')),
      ValidationError,
      'More than one person is called @Sam: Sam Carter (id sam-carter) and Sam Jones (id sam-jones).',
      '@"Sam Carter"',
      '@sam-jones',
    );
  });

  it('suggests ids when two people share a full name', () => {
    const twins: Directory = {
      ...directory,
      people: [person('ann-1', 'Ann Lee'), person('ann-2', 'Ann Lee')],
    };
    expectError(
      () => resolveMention(byName('Ann Lee'), twins),
      ValidationError,
      'with their id, e.g. @ann-1 or @ann-2.',
    );
  });

  it('names the closest people when nobody matches', () => {
    const error = expectError(
      () => resolve(byName('Sammy')),
      NotFoundError,
      "I don't know anyone called @Sammy.",
    );
    expect(error.message).toMatch(/closest names: Sam (Carter|Jones), Sam (Carter|Jones)/);
  });

  it('says so when the directory is empty', () => {
    const empty: Directory = { organisations: [], sites: [], people: [] };
    expectError(
      () => resolveMention(byName('Sam'), empty),
      NotFoundError,
      'The directory has nobody in it yet.',
    );
  });

  it('explains how an unknown Slack or Discord user gets added', () => {
    expectError(
      () => resolve({ kind: 'slack', id: 'U0NOBODY' }),
      NotFoundError,
      'This Slack user (<@U0NOBODY>) is not in the directory',
      'Ask your provider to add their Slack user id (U0NOBODY)',
      'directory file',
    );
    expectError(
      () => resolve({ kind: 'discord', id: '333333333333333333' }),
      NotFoundError,
      'This Discord user',
    );
  });

  it('reports an unknown directory id', () => {
    expectError(() => resolve({ kind: 'person', id: 'ghost' }), NotFoundError, '"ghost"');
  });
});

describe('describeMention', () => {
  it.each([
    [byName('Sam'), '@Sam'],
    [byName('Dana Scully'), '@"Dana Scully"'],
    [{ kind: 'slack', id: 'U1' } as MentionRef, '<@U1>'],
    [{ kind: 'person', id: 'dana' } as MentionRef, 'dana'],
  ])('%j → %s', (ref, text) => {
    expect(describeMention(ref)).toBe(text);
  });
});
