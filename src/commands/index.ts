// The public face of src/commands: parse chat text or validate typed options into a
// Command, resolve mentions against the directory, and produce help.

export type { Command, CommandName, CommandOf, MentionRef } from './command-types.ts';
export { definitions, findDefinition, helpText, usageBlock, type CommandDefinition } from './definitions.ts';
export {
  controlCharactersMessage,
  findControlCharacter,
  hasControlCharacters,
  normaliseLineBreaks,
  stripControlCharacters,
  visibleControlCharacters,
} from '../domain/control-characters.ts';
export { SEVERITIES, TEXT_LIMIT, TITLE_LIMIT } from './fields.ts';
export { describeMention, resolveMention } from './mentions.ts';
export { parseCommand } from './parse.ts';
export { validateCommand } from './validate.ts';
export { fromZodError } from './zod-error.ts';
export { checkDeclineReason, type ReasonCheck } from './answer-form.ts';
