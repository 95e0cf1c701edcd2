// The pieces src/config.ts builds its schemas from, and how their problems are worded:
// each names its variable once, says what is wrong and gives an example (issue 15).

import { z } from 'zod';
import { parseDuration } from './domain/duration.ts';
import { ValidationError } from './domain/errors.ts';

/**
 * A duration setting. None of them can be 0, and `zero` says why (a bare "0" is read as 0
 * too), so "0m" is not answered with "must be a duration" when it is one.
 */
export const duration = (name: string, fallback: string, zero: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = text.trim() === '0' ? 0 : parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a duration like 10m, 90s, 1h30m or 2d (got "${text}")`,
        });
        return z.NEVER;
      }
      if (ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be longer than 0 (got "${text}"): ${zero}; e.g. ${fallback}`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** true/false settings, answered with what was found. */
export const flag = (name: string) =>
  z
    .enum(['true', 'false'], { error: (i) => `${name} must be true or false (got "${String(i.input)}")` })
    .default('true')
    .transform((v) => v === 'true');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

// Discord ids are snowflakes: 17 to 20 digits. A pasted name or #channel is the usual mistake.
export const snowflake = (name: string) =>
  z.string().regex(/^\d{15,21}$/, `${name} must be a Discord id (digits only, e.g. 1234567890123456789)`);

// PORT belongs to the web settings (the Slack HTTP receiver shares it): a bad port is not a
// Slack problem, with or without Slack.
export const port = z
  .string()
  .default('3000')
  .transform((text, ctx) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `PORT must be a port number between 0 and 65535 (got "${text}"), e.g. 3000`,
      });
      return z.NEVER;
    }
    return n;
  });

/**
 * One line per problem, naming the variable once: our messages start with its name; anything
 * else zod says is prefixed with it.
 */
function problemLine(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? 'environment');
  return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}

/** Every section's problems at once, so one start-up names everything to fix. */
export function refuse(errors: z.ZodError[]): ValidationError {
  const lines = errors.flatMap((e) => e.issues.map(problemLine));
  const count = lines.length === 1 ? '1 setting needs' : `${lines.length} settings need`;
  return new ValidationError(
    `Handoff can't start: ${count} fixing:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    { cause: errors[0] },
  );
}
