// Chat text → command object (design.md §3), for every platform that delivers text.
// Reading the text only places each argument; the definition's schema then decides whether
// it is acceptable, so text and typed options get the same rules and the same messages.

import { ValidationError } from '../domain/errors.ts';
import type { Command, CommandName } from './command-types.ts';
import { closestMatch } from './closest.ts';
import { definitions, usageBlock, type CommandDefinition } from './definitions.ts';
import { handoffNumberFrom, mentionFromToken, stepNumberFrom, tokenize, type Token } from './tokens.ts';
import { checkCommand, unknownCommand } from './validate.ts';
import { visibleControlCharacters as visible } from '../domain/control-characters.ts';
import { checkDigitsInRange } from './number-range.ts';

/** The arguments after the subcommand words, read left to right over the original text. */
class Args {
  private index: number;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    start: number,
  ) {
    this.index = start;
  }

  take(): string | undefined {
    const token = this.tokens[this.index];
    if (token) this.index++;
    return token?.value;
  }

  takeIf(accept: (value: string) => boolean): string | undefined {
    const value = this.tokens[this.index]?.value;
    return value !== undefined && accept(value) ? this.take() : undefined;
  }

  /** Everything left, exactly as typed (line breaks too) minus the surrounding whitespace. */
  rest(): string | undefined {
    const left = this.tokens.slice(this.index);
    this.index = this.tokens.length;
    return this.slice(left);
  }

  /** Everything left, as tokens; consumes them. */
  restTokens(): Token[] {
    const left = this.tokens.slice(this.index);
    this.index = this.tokens.length;
    return left;
  }

  slice(tokens: readonly Token[]): string | undefined {
    const first = tokens[0];
    const last = tokens.at(-1);
    return first && last ? this.text.slice(first.start, last.end) : undefined;
  }
}

type Reader = (args: Args) => Record<string, unknown>;

const SEVERITY = /^sev-?\d+$/i;

const readers: Record<CommandName, Reader> = {
  open: (a) => ({
    site: a.take(),
    severity: a
      .takeIf((v) => SEVERITY.test(v))
      ?.toLowerCase()
      .replace('-', ''),
    text: a.rest(),
  }),
  status: () => ({}),
  'step.add': readStepAdd,
  'step.done': (a) => ({ step: stepNumberFrom(a.take()) }),
  handoff: (a) => ({ step: stepNumberFrom(a.take()), to: mentionOrText(a.take()), note: a.rest() }),
  accept: (a) => ({ handoff: handoffNumberFrom(a.take()) }),
  decline: (a) => ({ handoff: handoffNumberFrom(a.take()), reason: a.rest() }),
  update: (a) => ({ text: a.rest() }),
  resolve: (a) => ({ summary: a.rest() }),
  reopen: (a) => ({ reason: a.rest() }),
  summary: () => ({}),
  // SEV1 and sev-1 mean sev1; anything else is left as typed, for the error to quote.
  severity: (a) => {
    const value = a.take();
    return { severity: value && SEVERITY.test(value) ? value.toLowerCase().replace('-', '') : value };
  },
  help: (a) => ({ topic: a.rest() }),
};

// A mention at the very end names the owner; one inside the title ("ask @Dana") is just words.
function readStepAdd(args: Args): Record<string, unknown> {
  const tokens = args.restTokens();
  const last = tokens.at(-1);
  const owner = last ? mentionFromToken(last.value) : undefined;
  if (!owner) return { title: args.slice(tokens) };
  return { title: args.slice(tokens.slice(0, -1)), owner };
}

function mentionOrText(token: string | undefined): unknown {
  return token === undefined ? undefined : (mentionFromToken(token) ?? token);
}

/**
 * Parses `/incident [INC-<n>] <subcommand> <arguments>` (the `/incident` is optional).
 * Empty text asks for help. Throws ValidationError saying what was wrong and the correct form.
 */
export function parseCommand(text: string): Command {
  const tokens = tokenize(text);
  let index = tokens[0]?.value.toLowerCase() === '/incident' ? 1 : 0;
  const incident = incidentFrom(tokens[index]?.value);
  if (incident !== undefined) index++;
  if (index >= tokens.length) {
    if (incident === undefined) return { name: 'help' };
    throw new ValidationError(
      `What should I do with INC-${incident}? For example: /incident INC-${incident} status`,
    );
  }
  const { definition, next } = selectDefinition(tokens, index);
  const args = new Args(text, tokens, next);
  const raw = withoutUndefined({ name: definition.name, incident, ...readers[definition.name](args) });
  const command = checkCommand(definition, raw);
  const extra = args.rest();
  if (extra !== undefined) throw tooMuch(definition, extra);
  return command;
}

// INC-7 (any case, dash optional) selects the incident; INC-abc is a typo worth naming.
function incidentFrom(token: string | undefined): number | undefined {
  if (token === undefined || !/^inc-?/i.test(token)) return undefined;
  const match = /^inc-?(\d+)$/i.exec(token);
  if (match?.[1]) {
    checkDigitsInRange('incident', match[1]);
    return Number(match[1]);
  }
  if (/^inc-/i.test(token))
    throw new ValidationError(`\`${visible(token)}\` is not an incident number. Write it like INC-7.`);
  return undefined;
}

function selectDefinition(
  tokens: readonly Token[],
  index: number,
): { definition: CommandDefinition; next: number } {
  const first = tokens[index]?.value.toLowerCase() ?? '';
  if (first !== 'step') {
    const definition = definitions.find((d) => d.words === first);
    if (!definition) throw unknownCommand(tokens[index]?.value ?? '');
    return { definition, next: index + 1 };
  }
  const second = tokens[index + 1]?.value.toLowerCase();
  const definition = definitions.find((d) => d.words === `step ${second}`);
  if (!definition) throw stepNeedsAction(second);
  return { definition, next: index + 2 };
}

function stepNeedsAction(second: string | undefined): ValidationError {
  const stepCommands = definitions.filter((d) => d.words.startsWith('step '));
  const actions = stepCommands.map((d) => d.words.slice('step '.length));
  const guess = second === undefined ? undefined : closestMatch(second, actions);
  const problem =
    second === undefined
      ? '`step` needs `add` or `done` after it.'
      : `I don't know \`step ${visible(second)}\`.${guess ? ` Did you mean \`step ${guess}\`?` : ' Steps take `add` or `done`.'}`;
  return new ValidationError([problem, ...stepCommands.map(usageBlock)].join('\n'));
}

function tooMuch(definition: CommandDefinition, extra: string): ValidationError {
  const args = definition.usage.slice(definition.words.length).trim();
  const shown = visible(extra.length > 60 ? `${extra.slice(0, 57)}…` : extra);
  const expected = args ? `only ${args}` : 'nothing after it';
  return new ValidationError(
    `\`${definition.words}\` takes ${expected}, but got \`${shown}\`${args ? ' as well' : ''}.\n${usageBlock(definition)}`,
  );
}

// Absent arguments are left out rather than set to undefined, so the command objects stay tidy.
function withoutUndefined(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
}
