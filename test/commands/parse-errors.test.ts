import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/index.ts';
import { HandoffError, ValidationError } from '../../src/domain/errors.ts';
import { expectError } from './expect-error.ts';

const HANDOFF_USAGE = 'Usage: /incident handoff <step> <@person> <what I saw and did>';
const HANDOFF_EXAMPLE = 'Example: /incident handoff 2 @Sam The disk is full; I cleared /tmp but it refills.';

const rejects = (text: string, ...fragments: string[]) =>
  expectError(() => parseCommand(text), ValidationError, ...fragments);

describe('parseCommand: missing arguments say what is missing and show the usage', () => {
  it.each([
    ['handoff 2 @Sam', 'A handoff needs a note saying what you saw and did.'],
    ['handoff 2 @Sam    \n  ', 'A handoff needs a note saying what you saw and did.'],
    ['handoff 2', 'A handoff needs the person you are handing to'],
    ['handoff', 'A handoff needs the number of the step'],
  ])('%j', (text, problem) => {
    rejects(text, problem, HANDOFF_USAGE, HANDOFF_EXAMPLE);
  });

  it("gives the brief's exact message for a handoff without a note", () => {
    const error = rejects('/incident handoff 2 @Sam');
    expect(error.message).toBe(
      `A handoff needs a note saying what you saw and did.\n${HANDOFF_USAGE}\n${HANDOFF_EXAMPLE}`,
    );
  });

  it.each([
    ['open', 'Which site?', 'Usage: /incident open <site> [sev1|sev2|sev3] <what is wrong>'],
    ['open wanderlust-web', 'Say what is wrong', 'Usage: /incident open'],
    ['open wanderlust-web sev1', 'Say what is wrong', 'Usage: /incident open'],
    ['step add', 'A step needs a title', 'Usage: /incident step add <title> [@owner]'],
    ['step add @Dana', 'A step needs a title', 'Usage: /incident step add'],
    ['step done', 'Which step is done?', 'Usage: /incident step done <step>'],
    ['accept', 'Which handoff?', 'Usage: /incident accept <handoff>'],
    ['decline H3', 'A decline needs a reason', 'Usage: /incident decline <handoff> <reason>'],
    ['decline H3   ', 'A decline needs a reason', 'Usage: /incident decline'],
    ['update', 'An update needs the text', 'Usage: /incident update <client-facing text>'],
    ['resolve', 'Resolving needs a summary', 'Usage: /incident resolve <summary>'],
    ['reopen', 'Reopening needs a reason', 'Usage: /incident reopen <reason>'],
    ['severity', 'Which severity? Use sev1, sev2 or sev3.', 'Usage: /incident severity <sev1|sev2|sev3>'],
  ])('%j', (text, problem, usage) => {
    rejects(text, problem, usage, 'Example: /incident ');
  });
});

describe('parseCommand: extra arguments are an error', () => {
  it.each([
    ['status now', '`status` takes nothing after it, but got `now`.', 'Usage: /incident status'],
    ['summary please', '`summary` takes nothing after it', 'Usage: /incident summary'],
    ['mine please', '`mine` takes nothing after it', 'Usage: /incident mine'],
    ['link for Kevin', '`link` takes nothing after it', 'Usage: /incident link'],
    [
      'step done 3 4',
      '`step done` takes only <step>, but got `4` as well.',
      'Usage: /incident step done <step>',
    ],
    [
      'accept H3 thanks',
      '`accept` takes only <handoff>, but got `thanks`',
      'Usage: /incident accept <handoff>',
    ],
  ])('%j', (text, problem, usage) => {
    rejects(text, problem, usage);
  });
});

describe('parseCommand: commands about the person, not one incident', () => {
  it.each([
    ['INC-2 mine', '`mine` covers all your open incidents, so it takes no INC-<n>: type /incident mine.'],
    ['INC-2 link', "`link` opens all of your organisation's incidents, so it takes no INC-<n>"],
  ])('%j is refused rather than the INC-<n> ignored', (text, problem) => {
    rejects(text, problem, `Usage: /incident ${text.split(' ')[1]}`);
  });
});

describe('parseCommand: bad numbers', () => {
  it.each([
    ['step done abc', '`abc` is not a step number. Write it like 3 or #3.'],
    ['step done 2.5', '`2.5` is not a step number.'],
    ['step done H3', '`H3` is not a step number.'],
    ['step done 0', 'Step numbers start at 1, so 0 is not one.'],
    ['step done -1', 'Step numbers start at 1, so -1 is not one.'],
    ['step done #0', 'Step numbers start at 1'],
    ['handoff x @Sam note', '`x` is not a step number.'],
    ['handoff 0 @Sam note', 'Step numbers start at 1'],
    ['accept first', '`first` is not a handoff number. Write it like H4, #4 or 4.'],
    ['accept H0', 'Handoff numbers start at 1, so 0 is not one.'],
    ['decline -2 no', 'Handoff numbers start at 1, so -2 is not one.'],
  ])('%j', (text, problem) => {
    rejects(text, problem, 'Usage: /incident ');
  });

  it.each([
    ['INC-0 status', 'Incident numbers start at 1, so 0 is not one.'],
    ['INC-x status', '`INC-x` is not an incident number. Write it like INC-7.'],
    ['INC-3', 'What should I do with INC-3?'],
  ])('%j', (text, problem) => {
    rejects(text, problem);
  });
});

describe('parseCommand: bad values', () => {
  it('rejects a 10 kB note, saying how long it was and the limit', () => {
    rejects(
      `handoff 2 @Sam ${'x'.repeat(10_000)}`,
      'The note is 10000 characters long; the limit is 2000.',
      HANDOFF_USAGE,
    );
  });

  it.each([
    ['decline H1 ', 'reason'],
    ['update ', 'update'],
    ['resolve ', 'summary'],
    ['reopen ', 'reason'],
    ['open wanderlust-web ', 'description'],
  ])('%j limits the %s to 2000 characters', (prefix, field) => {
    rejects(`${prefix}${'y'.repeat(2001)}`, `The ${field} is 2001 characters long; the limit is 2000.`);
  });

  it('limits a title to 200 characters', () => {
    rejects(
      `step add ${'t'.repeat(201)}`,
      'The title is 201 characters long; the limit is 200.',
      'Usage: /incident step add',
    );
  });

  it('rejects a handoff without a mention', () => {
    rejects('handoff 2 The disk is full', '`The` is not a person.', '@"Dana Scully"', HANDOFF_USAGE);
  });

  it('rejects a Discord role mention as a person', () => {
    rejects('handoff 2 <@&123456789012345678> note', 'is not a person');
  });

  it('rejects an unknown severity and a site that is not an id', () => {
    rejects('open wanderlust-web sev4 down', '`sev4` is not a severity. Use sev1, sev2 or sev3');
    rejects('open wanderlust/web down', '`wanderlust/web` is not a site id.');
    rejects(
      'severity critical',
      '`critical` is not a severity. Use sev1 (the worst), sev2 or sev3.',
      'Usage: /incident severity <sev1|sev2|sev3>',
    );
    rejects('severity sev1 now', '`severity` takes only <sev1|sev2|sev3>, but got `now` as well.');
  });
});

describe('parseCommand: unknown subcommands', () => {
  it('suggests the closest command', () => {
    const error = rejects(
      '/incident handof 2 @Sam note',
      "I don't know the command `handof`. Did you mean `handoff`?",
    );
    expect(error.message).toContain('Type /incident help');
  });

  it.each([
    ['stauts', '`status`'],
    ['hand', '`handoff`'],
    ['acept H1', '`accept`'],
    ['stpe add x', '`step add` or `step done`'],
  ])('%j → %s', (text, suggestion) => {
    rejects(text, `Did you mean ${suggestion}?`, 'Type /incident help');
  });

  it('lists the commands when nothing is close', () => {
    rejects(
      'banana',
      "I don't know the command `banana`. The commands are: open, status, step add",
      'Type /incident help',
    );
  });

  it('asks for add or done after step', () => {
    rejects(
      'step',
      '`step` needs `add` or `done` after it.',
      'Usage: /incident step add',
      'Usage: /incident step done',
    );
    rejects('step dne 3', 'Did you mean `step done`?', 'Usage: /incident step done <step>');
  });
});

describe('parseCommand: any text', () => {
  it('returns a command or throws a ValidationError, never anything else', () => {
    const words = fc.constantFrom(
      '/incident',
      'INC-2',
      'handoff',
      'step',
      'add',
      'done',
      '#3',
      'H2',
      '@Sam',
      '<@U1>',
      '@"A B"',
      'x',
      '\n',
      '-1',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(words).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          expect(parseCommand(input).name).toBeTypeOf('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as HandoffError).code).toBe('validation');
        }
      }),
    );
  });

  it('keeps any note exactly, apart from surrounding whitespace', () => {
    const note = fc.string({ minLength: 1, maxLength: 300 }).filter((s) => /\S/.test(s));
    fc.assert(
      fc.property(note, (text) => {
        expect(parseCommand(`handoff 1 @Sam ${text}`)).toMatchObject({ note: text.trim() });
      }),
    );
  });
});
