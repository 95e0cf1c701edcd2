// Field schemas shared by the command definitions. Every message is written for the person
// who typed the command, and is the same whether the value came from text or a typed option.

import { z } from 'zod';
import {
  controlCharactersMessage,
  hasControlCharacters,
  normaliseLineBreaks,
  visibleControlCharacters,
} from '../domain/control-characters.ts';

/** Longest note, reason, update, summary or problem description, in characters. */
export const TEXT_LIMIT = 2000;
/** Longest step title, in characters. */
export const TITLE_LIMIT = 200;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * How a wrong value is echoed back: text in backticks, anything else as JSON. Control
 * characters are shown as escapes, so an error message never carries a terminal sequence.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `\`${visibleControlCharacters(value)}\``;
  return JSON.stringify(value) ?? String(value);
}

/** A step, handoff or incident number. `example` shows the accepted spelling, e.g. "3 or #3". */
export function numberField(what: string, missing: string, example: string) {
  const notNumber = (input: unknown): string =>
    input === undefined
      ? missing
      : `${shown(input)} is not ${article(what)} ${what} number. Write it like ${example}.`;
  return z
    .number({ error: (issue) => notNumber(issue.input) })
    .int({ error: (issue) => notNumber(issue.input) })
    .positive({
      error: (issue) => `${capitalise(what)} numbers start at 1, so ${shown(issue.input)} is not one.`,
    });
}

/**
 * Text without control characters (newline and tab are fine), with its line breaks written
 * as \n. Every field of free text goes through this one check, on every platform, so a NUL
 * or an escape sequence is refused by name ("Titles can't contain control characters.")
 * before a use-case or the database sees it.
 */
export function plainText(label: string, error?: (issue: { input: unknown }) => string | undefined) {
  return z.preprocess(
    (input) => (typeof input === 'string' ? normaliseLineBreaks(input) : input),
    z
      .string(error ? { error } : undefined)
      // Aborts: "too long" or "empty" would only distract from the one thing to fix.
      .refine((text) => !hasControlCharacters(text), { error: controlCharactersMessage(label), abort: true }),
  );
}

/** Free text: at least one non-space character, at most `limit`; spacing and case are kept. */
export function textField(label: string, missing: string, limit = TEXT_LIMIT) {
  const notText = (issue: { input: unknown }) =>
    issue.input === undefined ? missing : `The ${label} must be text.`;
  return plainText(label, notText).pipe(
    z
      .string()
      .regex(/\S/, { error: missing })
      .max(limit, {
        error: (issue) =>
          `The ${label} is ${String(issue.input).length} characters long; the limit is ${limit}. ` +
          'Shorten it, or put the details somewhere else and link to them.',
      }),
  );
}

export const SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;

/** Optional when opening: an outage is sev2 unless the reporter says otherwise. */
export const severityField = z
  .enum(SEVERITIES, {
    error: (issue) =>
      `${shown(issue.input)} is not a severity. Use sev1, sev2 or sev3 (sev2 if you leave it out).`,
  })
  .default('sev2');

/** Required when re-rating: there is no sensible default for a change. */
export const newSeverityField = z.enum(SEVERITIES, {
  error: (issue) =>
    issue.input === undefined
      ? 'Which severity? Use sev1, sev2 or sev3.'
      : `${shown(issue.input)} is not a severity. Use sev1 (the worst), sev2 or sev3.`,
});

export function siteField(missing: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : 'The site must be given as its id.') })
    .max(100, { error: 'That site id is too long; site ids look like wanderlust-web.' })
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, {
      error: (issue) => `${shown(issue.input)} is not a site id. Site ids look like wanderlust-web.`,
    });
}

export const incidentField = numberField(
  'incident',
  'Which incident? Write it like INC-7.',
  'INC-7',
).optional();

export const topicField = plainText('help topic', () => 'The help topic must be text, like `handoff`.')
  .pipe(z.string().max(100, { error: 'That help topic is too long; try a command name like `handoff`.' }))
  .optional();

const MENTION_FORMS = '@Sam, @"Dana Scully" or your chat\'s own @-mention';

const nameRef = z.strictObject({
  kind: z.literal('name'),
  name: plainText('name', () => 'A mention needs a name.').pipe(
    z
      .string()
      .regex(/\S/, { error: 'A mention needs a name.' })
      .max(100, { error: 'That name is too long to be anyone in the directory.' }),
  ),
});
const slackRef = z.strictObject({
  kind: z.literal('slack'),
  id: z.string().regex(/^[UW][A-Z0-9]{2,}$/, { error: (i) => `${shown(i.input)} is not a Slack user id.` }),
});
const discordRef = z.strictObject({
  kind: z.literal('discord'),
  id: z.string().regex(/^\d{15,21}$/, { error: (i) => `${shown(i.input)} is not a Discord user id.` }),
});
const personRef = z.strictObject({
  kind: z.literal('person'),
  id: plainText('person id').pipe(
    z.string().regex(/\S/, { error: 'A person reference needs a directory id.' }).max(200),
  ),
});

/** A person: a name mention, a Slack or Discord user mention, or a directory id. */
export function mentionField(missing: string) {
  return z.discriminatedUnion('kind', [nameRef, slackRef, discordRef, personRef], {
    error: (issue) => {
      if (issue.input === undefined) return missing;
      if (typeof issue.input === 'string')
        return `${shown(issue.input)} is not a person. Mention them like ${MENTION_FORMS}.`;
      return `A person must be a mention like ${MENTION_FORMS}.`;
    },
  });
}
