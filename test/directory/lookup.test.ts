import { describe, expect, it } from 'vitest';
import {
  clientContacts,
  organisationById,
  personByDiscordId,
  personById,
  personBySlackId,
  siteById,
} from '../../src/directory/lookup.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { testWorld } from '../support/world.ts';

const directory = testWorld();

describe('directory lookups', () => {
  it('finds people, sites and organisations by id', () => {
    expect(personById(directory, 'kevin').name).toBe('Kevin');
    expect(siteById(directory, 'acme-shop').name).toBe('Acme Bakery shop');
    expect(organisationById(directory, 'cloudnest').kind).toBe('vendor');
  });

  it('says which ids exist, and guesses the intended one, when an id is unknown', () => {
    expect(() => personById(directory, 'kevn')).toThrow(
      new NotFoundError(
        'There is no person "kevn" in the directory. Did you mean "kevin"? Known: dana, priya, sam, maria, kevin, otto.',
      ),
    );
    expect(() => siteById(directory, 'blog')).toThrow(
      'There is no site "blog" in the directory. Known: wanderlust-web, acme-shop.',
    );
    expect(() => organisationById(directory, 'nowhere')).toThrow(NotFoundError);
    expect(() => organisationById({ organisations: [], people: [], sites: [] }, 'x')).toThrow(
      'There is no organisation "x" in the directory. Known: none yet.',
    );
  });

  it('lists every contact of the site client, not only the first (story 3)', () => {
    expect(clientContacts(directory, 'wanderlust-web').map((p) => p.id)).toEqual(['maria', 'kevin']);
    expect(clientContacts(directory, 'acme-shop').map((p) => p.id)).toEqual(['otto']);
    expect(() => clientContacts(directory, 'nope')).toThrow(NotFoundError);
  });

  it('finds people by Slack and Discord user id, and answers undefined for strangers', () => {
    expect(personBySlackId(directory, 'U0MARIA')?.id).toBe('maria');
    expect(personByDiscordId(directory, '400')?.id).toBe('kevin');
    expect(personBySlackId(directory, 'U0NOBODY')).toBeUndefined();
    // Kevin has no Slack handle: an absent handle must never match anything.
    expect(personByDiscordId(directory, 'U0MARIA')).toBeUndefined();
  });
});
