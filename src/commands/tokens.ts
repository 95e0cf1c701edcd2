// Splitting chat text into arguments, and reading numbers and mentions out of them.
// Anything that does not look right is passed on unchanged, so the schema's message
// (shared with typed platform options) is the one the user sees.

import type { MentionRef } from './command-types.ts';
import { checkDigitsInRange } from './number-range.ts';

export interface Token {
  value: string;
  /** Offsets into the original text, so free text can be sliced out with its spacing intact. */
  start: number;
  end: number;
}

// A quoted name (@"Dana Scully", straight or curly quotes, as phones type them) and a Slack
// mention with a label (<@U1|dana scully>) may contain spaces but are still one argument.
const TOKEN = /@["“][^"”\n]+["”](?=\s|$)|<@[^<>\n]*>(?=\s|$)|\S+/gu;

export function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ value: m[0], start: m.index, end: m.index + m[0].length }));
}

const NAME_MENTION = /^@([\p{L}\p{N}._'’-]+)$/u;
const QUOTED_MENTION = /^@["“]([^"”\n]+)["”]$/u;
// Slack escapes user mentions as <@U123> or <@U123|label>; W… ids are Enterprise Grid users.
const SLACK_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
// Discord writes <@id>, and <@!id> when the member has a nickname. <@&id> is a role, not a person.
const DISCORD_MENTION = /^<@!?(\d+)>$/;

/** The person a token mentions, or undefined when the token is not a mention. */
export function mentionFromToken(token: string): MentionRef | undefined {
  const slack = SLACK_MENTION.exec(token);
  if (slack?.[1]) return { kind: 'slack', id: slack[1] };
  const discord = DISCORD_MENTION.exec(token);
  if (discord?.[1]) return { kind: 'discord', id: discord[1] };
  const name = NAME_MENTION.exec(token) ?? QUOTED_MENTION.exec(token);
  if (name?.[1]) return { kind: 'name', name: name[1].trim().replace(/\s+/g, ' ') };
  return undefined;
}

/** `3` or `#3` as a number; anything else unchanged for the schema to reject. */
export function stepNumberFrom(token: string | undefined): number | string | undefined {
  const match = token === undefined ? null : /^#?(-?\d+)$/.exec(token);
  return match?.[1] ? numberFrom('step', match[1]) : token;
}

/** `3`, `#3`, `H3` or `h3` as a number; anything else unchanged for the schema to reject. */
export function handoffNumberFrom(token: string | undefined): number | string | undefined {
  const match = token === undefined ? null : /^(?:#|h)?(-?\d+)$/i.exec(token);
  return match?.[1] ? numberFrom('handoff', match[1]) : token;
}

// The one exception to "pass it on for the schema": digits past the database's range are
// answered here, while the digits are still exactly as typed (a Number would round them).
function numberFrom(thing: 'step' | 'handoff', digits: string): number {
  checkDigitsInRange(thing, digits);
  return Number(digits);
}
