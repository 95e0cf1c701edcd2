// Checking a command object against its definition's schema. Platforms with typed options
// (Discord) call validateCommand; the text parser calls checkCommand after reading the text.

import { ValidationError } from '../domain/errors.ts';
import { closestMatch } from './closest.ts';
import { visibleControlCharacters } from '../domain/control-characters.ts';
import type { Command } from './command-types.ts';
import { commandWords, findDefinition, usageBlock, type CommandDefinition } from './definitions.ts';
import { checkNumberInRange } from './number-range.ts';
import { fromZodError } from './zod-error.ts';

const HELP_HINT = 'Type /incident help to see every command.';

/** Validates a command built from typed platform options; throws ValidationError with the usage. */
export function validateCommand(raw: unknown): Command {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  if (typeof name !== 'string') {
    throw new ValidationError(`A command needs a name, such as \`status\` or \`handoff\`.\n${HELP_HINT}`);
  }
  const definition = findDefinition(name);
  if (!definition) throw unknownCommand(name);
  return checkCommand(definition, raw);
}

/** Parses `raw` with the definition's schema; a ZodError becomes a ValidationError with the usage. */
export function checkCommand(definition: CommandDefinition, raw: unknown): Command {
  // A number past the database's range names nothing: "There is no incident INC-…", like any other.
  if (typeof raw === 'object' && raw !== null) {
    const { incident, step, handoff } = raw as Record<string, unknown>;
    checkNumberInRange('incident', incident);
    checkNumberInRange('step', step);
    checkNumberInRange('handoff', handoff);
  }
  const result = definition.schema.safeParse(raw);
  if (!result.success) throw fromZodError(result.error, usageBlock(definition));
  return result.data;
}

/** "I don't know the command `x`. Did you mean `y`?" plus where to find the list. */
export function unknownCommand(typed: string): ValidationError {
  const guess = suggestCommand(typed);
  // Nothing close: listing the commands helps more than a far-fetched guess.
  const hint = guess ? ` Did you mean ${guess}?` : ` The commands are: ${commandWords.join(', ')}.`;
  return new ValidationError(
    `I don't know the command \`${visibleControlCharacters(typed)}\`.${hint}\n${HELP_HINT}`,
  );
}

// Whole words first ("step ad" → `step add`), then the first word alone, where `stpe`
// can only mean one of the two step commands.
function suggestCommand(typed: string): string | undefined {
  const query = typed.toLowerCase().replace('.', ' ');
  const whole = closestMatch(query, commandWords);
  if (whole) return `\`${whole}\``;
  const firstWords = [...new Set(commandWords.map((w) => w.split(' ')[0] ?? w))];
  const first = closestMatch(query.split(' ')[0] ?? query, firstWords);
  if (!first) return undefined;
  return commandWords
    .filter((w) => w.split(' ')[0] === first)
    .map((w) => `\`${w}\``)
    .join(' or ');
}
