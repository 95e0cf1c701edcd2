import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fromZodError, parseCommand, validateCommand } from '../../src/commands/index.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { expectError } from './expect-error.ts';

const rejects = (raw: unknown, ...fragments: string[]) =>
  expectError(() => validateCommand(raw), ValidationError, ...fragments);

describe('validateCommand: typed options from platforms such as Discord', () => {
  it.each([
    { name: 'handoff', incident: 3, step: 2, to: { kind: 'person', id: 'sam-carter' }, note: 'Disk full.' },
    { name: 'handoff', step: 2, to: { kind: 'discord', id: '123456789012345678' }, note: 'Disk full.' },
    { name: 'step.add', title: 'Check DNS', owner: { kind: 'slack', id: 'U123ABC' } },
    { name: 'step.add', title: 'Check DNS' },
    { name: 'accept', handoff: 4 },
    { name: 'decline', handoff: 4, reason: 'No access.' },
    { name: 'open', site: 'wanderlust-web', severity: 'sev1', text: 'Down.' },
    { name: 'status', incident: 9 },
    { name: 'help', topic: 'handoff' },
  ])('accepts $name', (raw) => {
    expect(validateCommand(raw)).toEqual(raw);
  });

  it('defaults the severity of open to sev2', () => {
    expect(validateCommand({ name: 'open', site: 'wanderlust-web', text: 'Down.' })).toMatchObject({
      severity: 'sev2',
    });
  });

  it('gives the same message as the text parser', () => {
    const typed = expectError(
      () => validateCommand({ name: 'handoff', step: 2, to: { kind: 'name', name: 'Sam' } }),
      ValidationError,
    );
    const text = expectError(() => parseCommand('handoff 2 @Sam'), ValidationError);
    expect(typed.message).toBe(text.message);
  });

  it('rejects a 10 kB note with its length and the limit', () => {
    const raw = { name: 'handoff', step: 1, to: { kind: 'person', id: 'sam' }, note: 'n'.repeat(10_000) };
    rejects(raw, 'The note is 10000 characters long; the limit is 2000.', 'Usage: /incident handoff');
  });

  it.each([
    [{ name: 'step.done', step: 0 }, 'Step numbers start at 1, so 0 is not one.'],
    [{ name: 'step.done', step: 1.5 }, '1.5 is not a step number.'],
    [{ name: 'step.done', step: '3' }, '`3` is not a step number.'],
    [{ name: 'accept', handoff: -1 }, 'Handoff numbers start at 1'],
    [{ name: 'status', incident: 0 }, 'Incident numbers start at 1'],
    [{ name: 'decline', handoff: 1, reason: ' ' }, 'A decline needs a reason'],
    [{ name: 'open', site: 'wanderlust-web', severity: 'sev9', text: 'x' }, '`sev9` is not a severity.'],
    [{ name: 'handoff', step: 1, to: 'Sam', note: 'x' }, '`Sam` is not a person.'],
    [
      { name: 'handoff', step: 1, to: { kind: 'slack', id: 'nope' }, note: 'x' },
      '`nope` is not a Slack user id.',
    ],
    [{ name: 'handoff', step: 1, to: { kind: 'email', id: 'x' }, note: 'x' }, 'A person must be a mention'],
    [{ name: 'status', verbose: true }, '`status` does not take `verbose`.'],
  ])('rejects %j', (raw, problem) => {
    rejects(raw, problem, 'Usage: /incident ');
  });

  it('rejects objects that are not commands', () => {
    rejects(null, 'A command needs a name');
    rejects({ step: 1 }, 'A command needs a name');
    rejects(
      { name: 'handof' },
      "I don't know the command `handof`. Did you mean `handoff`?",
      'Type /incident help',
    );
  });

  it('keeps the ZodError as the cause', () => {
    const error = rejects({ name: 'step.done' });
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });
});

describe('fromZodError', () => {
  const schema = z.object({
    port: z.number(),
    host: z.string().min(1, { error: 'The host must not be empty.' }),
  });

  it('names the field for zod default messages and keeps our sentences as they are', () => {
    const result = schema.safeParse({ port: 'x', host: '' });
    if (result.success) throw new Error('expected failure');
    const error = fromZodError(result.error, 'Fix it in .env.');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      'port: Invalid input: expected number, received string\nThe host must not be empty.\nFix it in .env.',
    );
    expect(error.cause).toBe(result.error);
  });

  it('lists at most five problems', () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`f${i}`, z.string()])));
    const result = wide.safeParse({});
    if (result.success) throw new Error('expected failure');
    const lines = fromZodError(result.error).message.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('…and 2 more problems.');
  });
});
