// The only reader of process.env (design §5.4): env → one zod-validated config.
// Misconfiguration fails at boot with a message that says how to fix it (§5.5).

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from './app/deps.ts';
import { parseDuration } from './domain/duration.ts';
import { ValidationError } from './domain/errors.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLE_DIRECTORY = path.join(PACKAGE_ROOT, 'examples', 'directory.yaml');

const duration = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a duration like 10m, 90s, 1h30m or 2d (got "${text}")`,
        });
        return z.NEVER;
      }
      return ms;
    });

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'DATABASE_URL must be a PostgreSQL URL like postgresql://user@host:5432/handoff',
      )
      .optional(),
  ),
  HANDOFF_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  HANDOFF_DIRECTORY: z.preprocess(emptyAsUndefined, z.string().optional()),
  ACK_REMIND: z.preprocess(emptyAsUndefined, duration('ACK_REMIND', '10m')),
  ACK_ESCALATE: z.preprocess(emptyAsUndefined, duration('ACK_ESCALATE', '30m')),
  UPDATE_EVERY: z.preprocess(emptyAsUndefined, duration('UPDATE_EVERY', '30m')),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
});

export type DatabaseConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface Config {
  database: DatabaseConfig;
  dataDir: string;
  directoryFile: string;
  settings: Settings;
  logLevel: string | undefined;
}

export interface ConfigOverrides {
  directoryFile?: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ValidationError(`Handoff can't start: the environment has problems:\n${problems}`, {
      cause: parsed.error,
    });
  }
  const e = parsed.data;
  if (e.ACK_ESCALATE <= e.ACK_REMIND) {
    throw new ValidationError(
      `Handoff can't start: ACK_ESCALATE (${env.ACK_ESCALATE ?? '30m'}) must be later than ACK_REMIND (${env.ACK_REMIND ?? '10m'}), or the reminder would come after the escalation.`,
    );
  }
  const dataDir = path.resolve(e.HANDOFF_DATA_DIR);
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    directoryFile: path.resolve(overrides.directoryFile ?? e.HANDOFF_DIRECTORY ?? EXAMPLE_DIRECTORY),
    settings: { ackRemindMs: e.ACK_REMIND, ackEscalateMs: e.ACK_ESCALATE, updateEveryMs: e.UPDATE_EVERY },
    logLevel: e.LOG_LEVEL,
  };
}
