// Who is reached on which channel (issue 14): chat by default, e-mail for people with an
// address and no chat, and what the directory's `notify` asks for.

import { describe, expect, it } from 'vitest';
import { channelsOf, deliversTo, getsEmail, type ChatPlatform } from '../../src/domain/channels.ts';
import type { Person } from '../../src/domain/directory.ts';

const person = (fields: Partial<Person>): Person => ({
  id: 'mei',
  name: 'Mei',
  organisationId: 'cloudnest',
  handles: {},
  ...fields,
});

const SLACK: ChatPlatform[] = ['slack'];
const CONSOLE: ChatPlatform[] = ['console'];

describe('channels', () => {
  it('mails a person with an address and no id on a configured chat platform, and only by mail', () => {
    const mei = person({ email: 'mei@cloudnest.example' });
    expect(getsEmail(mei, SLACK)).toBe(true);
    expect(deliversTo('slack', mei, SLACK)).toBe(false);
    expect(channelsOf(mei, ['slack', 'email'])).toEqual(['email']);
    // A Discord id does not help when only Slack is configured.
    const onDiscord = person({ email: 'mei@cloudnest.example', handles: { discord: '42' } });
    expect(channelsOf(onDiscord, ['slack', 'email'])).toEqual(['email']);
  });

  it('keeps chat people on chat unless they ask for e-mail alone or both', () => {
    const handles = { slack: 'U0MEI' };
    const chat = person({ email: 'mei@cloudnest.example', handles });
    expect(channelsOf(chat, ['slack', 'email'])).toEqual(['slack']);
    const both = person({ email: 'mei@cloudnest.example', handles, notify: 'both' });
    expect(channelsOf(both, ['slack', 'email'])).toEqual(['slack', 'email']);
    const mailOnly = person({ email: 'mei@cloudnest.example', handles, notify: 'email' });
    expect(channelsOf(mailOnly, ['slack', 'email'])).toEqual(['email']);
    expect(deliversTo('slack', mailOnly, SLACK)).toBe(false);
  });

  it('leaves people without an address to chat as before (each platform reports whom it cannot reach)', () => {
    const otto = person({});
    expect(getsEmail(otto, SLACK)).toBe(false);
    expect(deliversTo('slack', otto, SLACK)).toBe(true);
    expect(channelsOf(otto, ['slack', 'email'])).toEqual([]);
  });

  it('lets the console stand in for Slack and Discord: any chat id counts there', () => {
    const sam = person({ email: 'sam@cloudnest.example', handles: { discord: '200' } });
    expect(getsEmail(sam, CONSOLE)).toBe(false);
    expect(channelsOf(sam, ['console', 'email'])).toEqual(['console']);
    const mei = person({ email: 'mei@cloudnest.example' });
    expect(deliversTo('console', mei, CONSOLE)).toBe(false);
    expect(channelsOf(mei, ['console', 'email'])).toEqual(['email']);
  });
});
