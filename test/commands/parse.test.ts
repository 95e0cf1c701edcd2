import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/index.ts';

describe('parseCommand: the /incident prefix and INC-<n>', () => {
  it.each([
    ['/incident status', { name: 'status' }],
    ['status', { name: 'status' }],
    ['/incident INC-7 status', { name: 'status', incident: 7 }],
    ['INC-7 status', { name: 'status', incident: 7 }],
    ['/INCIDENT inc-12 summary', { name: 'summary', incident: 12 }],
    ['  /incident   INC-3   step done #2  ', { name: 'step.done', step: 2, incident: 3 }],
    ['', { name: 'help' }],
    ['/incident', { name: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('reads subcommand words in any case', () => {
    expect(parseCommand('/incident Step DONE 4')).toEqual({ name: 'step.done', step: 4 });
  });
});

describe('parseCommand: every subcommand', () => {
  it('open with a severity', () => {
    expect(parseCommand('/incident open wanderlust-web sev1 Booking page shows a DB error')).toEqual({
      name: 'open',
      site: 'wanderlust-web',
      severity: 'sev1',
      text: 'Booking page shows a DB error',
    });
  });

  it('open defaults to sev2, and reads SEV3 / sev-3', () => {
    expect(parseCommand('open wanderlust-web The site is down')).toMatchObject({
      severity: 'sev2',
      text: 'The site is down',
    });
    expect(parseCommand('open wanderlust-web SEV3 slow')).toMatchObject({ severity: 'sev3', text: 'slow' });
    expect(parseCommand('open wanderlust-web sev-1 down')).toMatchObject({ severity: 'sev1', text: 'down' });
  });

  it('step add with and without a trailing owner', () => {
    expect(parseCommand('step add Check the DNS records @Dana')).toEqual({
      name: 'step.add',
      title: 'Check the DNS records',
      owner: { kind: 'name', name: 'Dana' },
    });
    expect(parseCommand('step add Check the DNS records')).toEqual({
      name: 'step.add',
      title: 'Check the DNS records',
    });
  });

  it('step add keeps a mention inside the title as words', () => {
    expect(parseCommand('step add Ask @Dana about the DNS')).toEqual({
      name: 'step.add',
      title: 'Ask @Dana about the DNS',
    });
  });

  it('step add with a quoted or platform owner', () => {
    expect(parseCommand('step add Restore backup @"Dana Scully"')).toMatchObject({
      owner: { kind: 'name', name: 'Dana Scully' },
    });
    expect(parseCommand('step add Restore backup <@U123ABC>')).toMatchObject({
      owner: { kind: 'slack', id: 'U123ABC' },
    });
  });

  it.each([
    ['step done 3', 3],
    ['step done #3', 3],
  ])('%s', (text, step) => {
    expect(parseCommand(text)).toEqual({ name: 'step.done', step });
  });

  it('handoff', () => {
    expect(parseCommand('/incident handoff 2 @Sam The disk is full; I cleared /tmp but it refills.')).toEqual(
      {
        name: 'handoff',
        step: 2,
        to: { kind: 'name', name: 'Sam' },
        note: 'The disk is full; I cleared /tmp but it refills.',
      },
    );
  });

  it.each([
    ['3', 3],
    ['#3', 3],
    ['H3', 3],
    ['h3', 3],
  ])('accept %s', (token, handoff) => {
    expect(parseCommand(`accept ${token}`)).toEqual({ name: 'accept', handoff });
  });

  it('decline keeps the reason', () => {
    expect(parseCommand('INC-4 decline H2 I have no access to that server')).toEqual({
      name: 'decline',
      incident: 4,
      handoff: 2,
      reason: 'I have no access to that server',
    });
  });

  it.each([
    ['update Bookings work again.', { name: 'update', text: 'Bookings work again.' }],
    [
      'resolve Log rotation was off; it is on now.',
      { name: 'resolve', summary: 'Log rotation was off; it is on now.' },
    ],
    ['reopen Errors are back', { name: 'reopen', reason: 'Errors are back' }],
    ['summary', { name: 'summary' }],
    ['severity sev1', { name: 'severity', severity: 'sev1' }],
    ['INC-3 severity SEV-3', { name: 'severity', incident: 3, severity: 'sev3' }],
    ['mine', { name: 'mine' }],
    ['/incident MINE', { name: 'mine' }],
    ['link', { name: 'link' }],
    ['help', { name: 'help' }],
    ['help handoff', { name: 'help', topic: 'handoff' }],
    ['help step add', { name: 'help', topic: 'step add' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseCommand: mentions', () => {
  it.each([
    ['@Sam', { kind: 'name', name: 'Sam' }],
    ["@O'Brien", { kind: 'name', name: "O'Brien" }],
    ['@sam.carter_2-b', { kind: 'name', name: 'sam.carter_2-b' }],
    ['@Zoë', { kind: 'name', name: 'Zoë' }],
    ['@"Dana Scully"', { kind: 'name', name: 'Dana Scully' }],
    ['@“Dana  Scully”', { kind: 'name', name: 'Dana Scully' }],
    ['<@U123ABC>', { kind: 'slack', id: 'U123ABC' }],
    ['<@U123ABC|dana>', { kind: 'slack', id: 'U123ABC' }],
    ['<@W0ABC12|dana scully>', { kind: 'slack', id: 'W0ABC12' }],
    ['<@123456789012345678>', { kind: 'discord', id: '123456789012345678' }],
    ['<@!123456789012345678>', { kind: 'discord', id: '123456789012345678' }],
  ])('handoff to %s', (mention, to) => {
    expect(parseCommand(`handoff 1 ${mention} over to you`)).toEqual({
      name: 'handoff',
      step: 1,
      to,
      note: 'over to you',
    });
  });
});

describe('parseCommand: free text keeps what was typed', () => {
  it('keeps a multi-line note with its spacing and case', () => {
    const note = 'Saw:  DISK 100%\n  - cleared /tmp\n  - it refills within 5 min\n\nDid: nothing else.';
    expect(parseCommand(`/incident handoff #2 @"Dana Scully" ${note}\n`)).toMatchObject({ note });
  });

  it('keeps quotes and mentions inside a note', () => {
    const note = 'Talked to @"Sam Carter" and <@U999> — "it is DNS".';
    expect(parseCommand(`handoff 2 @Dana ${note}`)).toMatchObject({ note });
  });

  it('accepts a note of exactly 2000 characters', () => {
    const note = 'x'.repeat(2000);
    expect(parseCommand(`handoff 2 @Sam ${note}`)).toMatchObject({ note });
  });

  it('accepts a title of exactly 200 characters', () => {
    const title = 't'.repeat(200);
    expect(parseCommand(`step add ${title}`)).toEqual({ name: 'step.add', title });
  });
});
