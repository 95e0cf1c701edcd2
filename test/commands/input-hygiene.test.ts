// Issue 10 §6: control characters and out-of-range numbers are answered by src/commands,
// the same way for chat text (console, Slack) and typed options (Discord), before any
// use-case or database sees them.

import { describe, expect, it } from 'vitest';
import { parseCommand, validateCommand } from '../../src/commands/index.ts';
import { stripControlCharacters, visibleControlCharacters } from '../../src/domain/control-characters.ts';
import { NotFoundError, ValidationError } from '../../src/domain/errors.ts';
import { expectError, thrownBy } from './expect-error.ts';

const ESC = '\u001b';
const BEL = '\u0007';
const SAM = { kind: 'person', id: 'sam' } as const;

describe('control characters in free text are refused, naming the field', () => {
  it.each([
    ['open wanderlust-web The site\u0000 is down', 'Descriptions'],
    [`step add Check DNS ${ESC}]0;pwned${BEL}`, 'Titles'],
    [`handoff 1 @Sam Disk full ${ESC}[2J`, 'Notes'],
    ['decline H1 no\u0007 access', 'Reasons'],
    ['update Back soon\u007f', 'Updates'],
    ['resolve Fixed\u009b it', 'Summaries'],
    ['reopen Down \u0085again', 'Reasons'],
  ])('%j', (text, plural) => {
    const error = expectError(() => parseCommand(text), ValidationError);
    expect(error.message.split('\n')[0]).toBe(`${plural} can't contain control characters.`);
  });

  it('gives typed options (Discord) the same line as chat text', () => {
    const typed = thrownBy(() =>
      validateCommand({ name: 'step.add', title: `Check DNS ${ESC}[2J` }),
    ) as Error;
    const text = thrownBy(() => parseCommand(`step add Check DNS ${ESC}[2J`)) as Error;
    expect(typed).toBeInstanceOf(ValidationError);
    expect(typed.message).toBe(text.message);
    expect(typed.message).toContain("Titles can't contain control characters.");
  });

  it('refuses a lone surrogate, which PostgreSQL cannot store', () => {
    expectError(
      () => validateCommand({ name: 'handoff', step: 1, to: SAM, note: 'half an emoji \ud83d' }),
      ValidationError,
      "Notes can't contain control characters.",
    );
  });

  it('keeps newlines, tabs, emoji and accents', () => {
    const note = 'Line one\n\tindented 🔥 café\nline three';
    expect(validateCommand({ name: 'handoff', step: 1, to: SAM, note })).toMatchObject({ note });
  });

  it('reads CRLF, CR and Unicode line separators as ordinary line breaks', () => {
    const command = validateCommand({ name: 'update', text: 'one\r\ntwo\rthree\u2028four' });
    expect(command).toMatchObject({ text: 'one\ntwo\nthree\nfour' });
  });

  it('refuses control characters in a mention and a help topic too', () => {
    expectError(
      () =>
        validateCommand({ name: 'handoff', step: 1, to: { kind: 'name', name: `S${ESC}[2Jam` }, note: 'x' }),
      ValidationError,
      "Names can't contain control characters.",
    );
    expectError(() => parseCommand(`help ${ESC}[2J`), ValidationError, "Help topics can't contain");
  });

  it('never echoes a control character back in an error message', () => {
    for (const text of [
      `${ESC}[2J status`,
      `step ${ESC}[2J`,
      `status ${ESC}]0;pwned${BEL}`,
      `step done ${ESC}[2J`,
      `INC-${ESC}[2J status`,
      `accept H1 ${ESC}[2J`,
    ]) {
      const error = thrownBy(() => parseCommand(text)) as Error;
      expect(error, text).toBeInstanceOf(ValidationError);
      expect(error.message, text).not.toMatch(/[\u001b\u0007]/);
    }
  });
});

describe('numbers beyond the database range name nothing', () => {
  it.each([
    ['INC-99999999999 status', 'There is no incident INC-99999999999.'],
    ['/incident inc-2147483648 summary', 'There is no incident INC-2147483648.'],
    ['INC-123456789012345678901234567890 status', 'There is no incident INC-123456789012345678901234567890.'],
    ['step done 99999999999', 'There is no step 99999999999.'],
    ['step done #99999999999', 'There is no step 99999999999.'],
    ['handoff 99999999999 @Sam The disk is full', 'There is no step 99999999999.'],
    ['accept H99999999999', 'There is no handoff H99999999999.'],
    ['decline #99999999999 no access', 'There is no handoff H99999999999.'],
  ])('%j', (text, message) => {
    const error = expectError(() => parseCommand(text), NotFoundError);
    expect(error.message).toBe(message);
  });

  it('accepts the largest number there can be', () => {
    expect(parseCommand('INC-2147483647 step done 2147483647')).toEqual({
      name: 'step.done',
      incident: 2147483647,
      step: 2147483647,
    });
  });

  it.each([
    [{ name: 'status', incident: 99999999999 }, 'There is no incident INC-99999999999.'],
    [{ name: 'step.done', step: 2 ** 31 }, 'There is no step 2147483648.'],
    [{ name: 'accept', handoff: 1e21 }, 'There is no handoff H1000000000000000000000.'],
  ])('typed option %j', (raw, message) => {
    expect(expectError(() => validateCommand(raw), NotFoundError).message).toBe(message);
  });
});

describe('the helpers', () => {
  it('strips escape sequences whole, and other control characters', () => {
    expect(stripControlCharacters(`a${ESC}]0;pwned${BEL}b${ESC}[2Jc\u0000d\r\ne`)).toBe('abcd\ne');
  });

  it('shows control characters as visible escapes', () => {
    expect(visibleControlCharacters(`x${ESC}[2J\ty`)).toBe('x\\u001b[2J\ty');
  });
});
