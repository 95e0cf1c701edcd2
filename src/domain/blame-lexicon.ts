// The building blocks every blame shape shares: the word lists of blame-phrases.json as
// regex alternations, and the pattern for "a party" (a name from the directory, a kind such
// as "the host", any "the X team", "the people who run the box", or "you lot").

import lexicon from './blame-phrases.json' with { type: 'json' };
import type { Parties } from './blame-parties.ts';
import { alt, verbForms, wholeWords } from './blame-text.ts';

export interface Shape {
  strong: boolean;
  /** What the label says when no named party is involved, e.g. "denies ownership". */
  says: string;
  regex: RegExp;
  /** Rhetorical shapes need a question; "on your end" in a question asks rather than points. */
  question?: 'only' | 'never';
  /** Blame of the past is told in past verbs, so a "done" word ("should have checked") is no alibi. */
  past?: boolean;
  /** Whose it is ("the box is Sam's") is context in a message that reports work done anywhere in it. */
  context?: boolean;
}

export const L = Object.fromEntries(
  Object.entries(lexicon).map(([key, words]) => [key, Array.isArray(words) ? alt(words) : '']),
) as Record<keyof typeof lexicon, string>;
export { lexicon };
export const WORD = "[a-z0-9']+";
export const END = `(?![a-z0-9'])`;
export const ACT = verbForms(lexicon.actionVerbs);
/** "I won't restart it until the backup finishes" holds off; it does not refuse. */
export const NOT_HOLDING = `(?!.*(?<![a-z0-9'])${L.holdingOff}${END})`;
/** "be the one fixing", "be better placed to fix": what may stand between a party and its verb. */
export const BE_ONE = `(?:be +)?(?:${L.beTheOne} +)?`;

/** "the DNS people", "your IT guy", "the host", "the agency", "the developers'". */
const KIND = `(?:${L.determiners} +)?(?:${L.areaWords} +${L.groupNouns}|(?:${L.areaWords} +)?${L.agentNouns})`;
const ANY_WORD = `(?!${L.notPartyWords}${END})${WORD}`;
/** Any "the networking team", "the MySQL side", "their frontend folks": the group, whatever its trade. */
const GROUP = `(?:the|your|their|those) +(?:${ANY_WORD} +){1,2}(?:${L.groupNouns}|side)`;
/** Described by what they do: "whoever hosts the site", "the people who actually run the server". */
const RUNNERS = `(?:whoever|(?:the|those) +${L.groupNouns} +(?:who|that))(?: +${L.whoAdverbs})? +${verbForms(lexicon.whoeverVerbs)} +(?:the +|their +|your +|that +|this +)?${WORD}`;

/** A party as a named group: "(?<party>…)"; `pronouns` ("him", "them", …) may count as one too. */
export function partyPattern(parties: Parties, pronouns?: string): string {
  const names = [...parties.others.keys()];
  const named =
    names.length > 0 ? `${alt(names)}(?:'s +(?:${L.areaWords} +)?(?:${L.groupNouns}|${L.agentNouns}))?|` : '';
  const at = names.length > 0 ? `(?: +(?:at|from|over +at) +${alt(names)})?` : '';
  const you = `${L.secondPersonGroups}${at}`;
  return `(?<party>${named}${GROUP}|${RUNNERS}|${KIND}|${you}${pronouns ? `|${pronouns}` : ''})`;
}

export const shape = (
  strong: boolean,
  says: string,
  source: string,
  question?: Shape['question'],
): Shape => ({
  strong,
  says,
  regex: wholeWords(source),
  ...(question ? { question } : {}),
});
