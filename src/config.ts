// The only reader of process.env (design §5.4): env → one zod-validated config.
// Misconfiguration fails at boot with a message that says how to fix it (§5.5).

import path from 'node:path';
import { z } from 'zod';
import type { Settings } from './app/deps.ts';
import { ValidationError } from './domain/errors.ts';
import { packageRootOf } from './package-root.ts';
import { duration, emptyAsUndefined, flag, LOG_LEVELS, port, refuse, snowflake } from './config-fields.ts';

const SLACK_API = 'https://slack.com/api/';
const DISCORD_API = 'https://discord.com/api';

export const PACKAGE_ROOT = packageRootOf(import.meta.url);
export const EXAMPLE_DIRECTORY = path.join(PACKAGE_ROOT, 'examples', 'directory.yaml');

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
  ACK_REMIND: z.preprocess(
    emptyAsUndefined,
    duration('ACK_REMIND', '10m', 'the reminder would come with the handoff itself'),
  ),
  ACK_ESCALATE: z.preprocess(
    emptyAsUndefined,
    duration('ACK_ESCALATE', '30m', 'an unanswered handoff would go to the coordinator at once'),
  ),
  UPDATE_EVERY: z.preprocess(
    emptyAsUndefined,
    duration('UPDATE_EVERY', '30m', 'the coordinator would be asked for a client update without pause'),
  ),
  UPDATE_BACKOFF_MAX: z.preprocess(
    emptyAsUndefined,
    duration('UPDATE_BACKOFF_MAX', '8h', 'it caps the time between client-update reminders'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(LOG_LEVELS, {
        error: (i) =>
          `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${String(i.input)}"), e.g. debug`,
      })
      .optional(),
  ),
  DISCORD_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  DISCORD_APP_ID: z.preprocess(emptyAsUndefined, snowflake('DISCORD_APP_ID').optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake('DISCORD_GUILD_ID').optional()),
  DISCORD_INCIDENT_CHANNEL: z.preprocess(emptyAsUndefined, snowflake('DISCORD_INCIDENT_CHANNEL').optional()),
  DISCORD_API_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ error: 'DISCORD_API_URL must be a URL like https://discord.com/api' }).default(DISCORD_API),
  ),
  DISCORD_MESSAGE_CONTENT: z.preprocess(emptyAsUndefined, flag('DISCORD_MESSAGE_CONTENT')),
  DISCORD_GATEWAY: z.preprocess(
    emptyAsUndefined,
    z.enum(['on', 'off'], { error: 'DISCORD_GATEWAY must be on or off (unset: on)' }).optional(),
  ),
});

// Where each Discord setting is found, for the message when one of them is missing.
const DISCORD_WHERE = {
  DISCORD_TOKEN: 'Developer Portal → your application → Bot → Reset Token',
  DISCORD_APP_ID: 'Developer Portal → your application → General Information → Application ID',
  DISCORD_GUILD_ID:
    'Discord client with Developer Mode on (User Settings → Advanced): right-click the server → Copy Server ID',
  DISCORD_INCIDENT_CHANNEL:
    'Discord client with Developer Mode on: right-click the incident channel → Copy Channel ID',
} as const;

/** The Discord bot's settings; present only when DISCORD_TOKEN and its companions are set. */
export interface DiscordConfig {
  token: string;
  appId: string;
  guildId: string;
  incidentChannelId: string;
  apiUrl: string;
  /** Whether the privileged Message Content intent is enabled (the blame guard needs it). */
  messageContent: boolean;
  /** False (DISCORD_GATEWAY=off): another instance holds the gateway; this one delivers over REST. */
  gateway: boolean;
}

function discordSection(e: z.infer<typeof EnvSchema>): DiscordConfig | undefined {
  const given = Object.keys(DISCORD_WHERE).filter((k) => e[k as keyof typeof DISCORD_WHERE]);
  if (given.length === 0) return undefined;
  const missing = Object.entries(DISCORD_WHERE).filter(([k]) => !e[k as keyof typeof DISCORD_WHERE]);
  if (missing.length > 0) {
    const lines = missing.map(([k, where]) => `  ${k}: find it in the ${where}.`).join('\n');
    throw new ValidationError(
      `Handoff can't start: Discord needs DISCORD_TOKEN, DISCORD_APP_ID, DISCORD_GUILD_ID and DISCORD_INCIDENT_CHANNEL together (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set). Missing:\n${lines}`,
    );
  }
  return {
    token: e.DISCORD_TOKEN!,
    appId: e.DISCORD_APP_ID!,
    guildId: e.DISCORD_GUILD_ID!,
    incidentChannelId: e.DISCORD_INCIDENT_CHANNEL!,
    apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
    messageContent: e.DISCORD_MESSAGE_CONTENT,
    gateway: e.DISCORD_GATEWAY !== 'off',
  };
}

/** Slack's ack thread goes first: the other threads' niceness (compose/thread-priority.ts). */
export const DEFAULT_WORK_NICENESS = 10;
const NICENESS_ERROR = `SLACK_WORK_NICENESS must be a whole number from 0 (the work keeps the process's priority) to 19, like ${DEFAULT_WORK_NICENESS} (the default)`;

// Slack's settings are parsed on their own so a Slack mistake is reported with Slack's fix.
const SlackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be the Bot User OAuth Token (it starts with xoxb-)')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)')
      .optional(),
  ),
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ error: 'SLACK_API_URL must be a URL like https://slack.com/api/' }).default(SLACK_API),
  ),
  SLACK_ACK_THREAD: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['on', 'off'], {
        error: 'SLACK_ACK_THREAD must be on or off (unset: on)',
      })
      .optional(),
  ),
  SLACK_WORK_NICENESS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: NICENESS_ERROR })
      .int(NICENESS_ERROR)
      .min(0, NICENESS_ERROR)
      .max(19, NICENESS_ERROR)
      .default(DEFAULT_WORK_NICENESS),
  ),
});

/** The Slack app's settings; present only when SLACK_BOT_TOKEN is set. */
export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set: Socket Mode (no public URL needed). Unset: HTTP mode on `port`, path /slack/events. */
  appToken?: string;
  /** Web API base URL, ending in a slash. */
  apiUrl: string;
  /** The HTTP port, shared with the owners' pages. */
  port: number;
  /**
   * HTTP mode: Slack's requests are read and acknowledged by a thread of their own, so an
   * ack never waits behind a command (about 18 MB more memory, the same CPU). Default: on
   * with either database (README, Performance); off gives that memory back. On a PGlite
   * folder the database is then served from the main thread (`pgliteOnMainThread`), which
   * takes as much back as the thread costs; off, it keeps a thread of its own.
   */
  ackThread: boolean;
  /**
   * With the ack thread: the niceness every other thread of the process is lowered to, so
   * that the ack goes first on a shared core (src/compose/thread-priority.ts says what it
   * costs when another program keeps the core busy); 0 leaves them alone.
   */
  workNiceness: number;
}

/**
 * Whether a server's embedded database is served from its main thread: where Slack over
 * HTTP is acknowledged by the ack thread, so no ack waits on that thread's event loop, and a
 * thread of PGlite's own would only cost its isolate (src/store/pglite-thread.ts).
 */
export function pgliteOnMainThread(config: Pick<Config, 'database' | 'slack'>): boolean {
  return (
    config.database.kind === 'pglite' &&
    config.slack?.ackThread === true &&
    config.slack.appToken === undefined
  );
}

function slackSection(s: z.infer<typeof SlackEnvSchema>, webPort: number): SlackConfig | undefined {
  if (!s.SLACK_BOT_TOKEN) return undefined;
  if (!s.SLACK_SIGNING_SECRET) {
    throw new ValidationError(
      'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set. Find it under Basic Information in your Slack app.',
    );
  }
  return {
    botToken: s.SLACK_BOT_TOKEN,
    signingSecret: s.SLACK_SIGNING_SECRET,
    ...(s.SLACK_APP_TOKEN ? { appToken: s.SLACK_APP_TOKEN } : {}),
    apiUrl: s.SLACK_API_URL.endsWith('/') ? s.SLACK_API_URL : `${s.SLACK_API_URL}/`,
    port: webPort,
    ackThread: s.SLACK_ACK_THREAD !== 'off',
    workNiceness: s.SLACK_WORK_NICENESS,
  };
}

// The owners' web pages (issue 7); PORT is the one the Slack HTTP receiver shares.
const WebEnvSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, port),
  // Unset: every interface, as before HOST existed (a container or a proxy in front needs that).
  HOST: z.preprocess(
    emptyAsUndefined,
    z
      .union([z.ipv4(), z.ipv6(), z.hostname()], {
        error: 'HOST must be an address to listen on, like 127.0.0.1, :: or a host name (no scheme, no port)',
      })
      .optional(),
  ),
  OWNER_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(16, 'OWNER_TOKEN must be at least 16 characters; make one with: openssl rand -base64 24')
      .optional(),
  ),
  // Keys client links on its own, so rotating OWNER_TOKEN leaves the clients' links alone.
  LINK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(16, 'LINK_SECRET must be at least 16 characters; make one with: openssl rand -base64 24')
      .optional(),
  ),
  // The address people open (behind a proxy, or a public host name): the base of every link.
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isPublicUrl, {
        error: 'PUBLIC_URL must be the address people open, like https://handoff.example.com (no query)',
      })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  WEB_ENABLED: z.preprocess(emptyAsUndefined, flag('WEB_ENABLED')),
});

/** The owners' pages: served on `port` unless disabled; unset, the token is made once and kept in the data folder. */
export interface WebConfig {
  enabled: boolean;
  port: number;
  /** The address to listen on; unset: every interface. */
  host?: string;
  ownerToken?: string;
  linkSecret?: string;
  /** Base of the links printed and shown, without a trailing slash. */
  publicUrl?: string;
}

function isPublicUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash;
}

function webSection(w: z.infer<typeof WebEnvSchema>): WebConfig {
  return {
    enabled: w.WEB_ENABLED,
    port: w.PORT,
    ...(w.HOST ? { host: w.HOST } : {}),
    ...(w.OWNER_TOKEN ? { ownerToken: w.OWNER_TOKEN } : {}),
    ...(w.LINK_SECRET ? { linkSecret: w.LINK_SECRET } : {}),
    ...(w.PUBLIC_URL ? { publicUrl: w.PUBLIC_URL } : {}),
  };
}

// E-mail (issue 14): SMTP when SMTP_URL is set, else .eml files in the data folder.
const MailEnvSchema = z.object({
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^smtps?:\/\/[^/\s]+/,
        'SMTP_URL must be an SMTP URL like smtp://user:password@mail.example.com:587 (smtps:// for TLS on connect, port 465)',
      )
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
        error: 'MAIL_FROM must be an address like handoff@example.com or "Handoff <handoff@example.com>"',
      })
      .default('Handoff <handoff@localhost>'),
  ),
  ANSWER_LINK_TTL: z.preprocess(
    emptyAsUndefined,
    duration(
      'ANSWER_LINK_TTL',
      '7d',
      'Accept and Decline links in e-mails would expire before anyone could use them',
    ),
  ),
});

/** How e-mail goes out: SMTP, or .eml files in `<dataDir>/outbox-mail` when no SMTP server is set. */
export interface MailConfig {
  smtpUrl?: string;
  from: string;
  /** How long an Accept or Decline link in an e-mail works. */
  answerLinkTtlMs: number;
}

function mailSection(m: z.infer<typeof MailEnvSchema>): MailConfig {
  return {
    ...(m.SMTP_URL ? { smtpUrl: m.SMTP_URL } : {}),
    from: m.MAIL_FROM,
    answerLinkTtlMs: m.ANSWER_LINK_TTL,
  };
}

// Timers and backups (issue 4), parsed on their own like Slack's settings.
const TimersEnvSchema = z.object({
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\/[^/\s]+/, 'REDIS_URL must be a Redis URL like redis://127.0.0.1:6379')
      .optional(),
  ),
  RECONCILE_EVERY: z.preprocess(
    emptyAsUndefined,
    duration('RECONCILE_EVERY', '1m', 'it is how often pending reminders are scheduled again'),
  ),
  // Two installations on one Redis keep their queues apart with a prefix each.
  REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.-]+$/, "REDIS_PREFIX must be letters, digits, '-', '_' or '.', like handoff-staging")
      .optional(),
  ),
  DELIVERY_LEASE: z.preprocess(
    emptyAsUndefined,
    duration('DELIVERY_LEASE', '30s', 'every delivery in progress would be taken again by another worker'),
  ),
  BACKUP_EVERY: z.preprocess(
    emptyAsUndefined,
    duration(
      'BACKUP_EVERY',
      '24h',
      "scheduled backups can't be turned off; a long one like 7d writes them rarely",
    ),
  ),
  BACKUP_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  BACKUP_KEEP: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'BACKUP_KEEP must be a whole number of backups to keep, like 7' })
      .int('BACKUP_KEEP must be a whole number of backups to keep, like 7')
      .min(1, 'BACKUP_KEEP must be at least 1 (the newest backup is always kept), e.g. 7')
      .default(7),
  ),
});

/** Where deadlines wake us up, and the scheduled backups. */
export interface TimersConfig {
  /** Set: BullMQ on this Redis. Unset: timers in this process. */
  redisUrl?: string;
  /** Redis key prefix of the queues (BullMQ's default `handoff` when unset). */
  redisPrefix?: string;
  /** How often every pending deadline is scheduled again (after a Redis flush or outage). */
  reconcileEveryMs: number;
  /**
   * How long a delivery attempt holds its outbox entry, renewed while it runs: after a crash,
   * its entries are delivered again this long after the last renewal.
   */
  deliveryLeaseMs: number;
  backup: { everyMs: number; dir: string; keep: number };
}

function timersSection(t: z.infer<typeof TimersEnvSchema>, dataDir: string): TimersConfig {
  return {
    ...(t.REDIS_URL ? { redisUrl: t.REDIS_URL } : {}),
    ...(t.REDIS_PREFIX ? { redisPrefix: t.REDIS_PREFIX } : {}),
    reconcileEveryMs: t.RECONCILE_EVERY,
    deliveryLeaseMs: t.DELIVERY_LEASE,
    backup: {
      everyMs: t.BACKUP_EVERY,
      dir: path.resolve(t.BACKUP_DIR ?? path.join(dataDir, 'backups')),
      keep: t.BACKUP_KEEP,
    },
  };
}

export type DatabaseConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface Config {
  database: DatabaseConfig;
  dataDir: string;
  directoryFile: string;
  settings: Settings;
  logLevel: string | undefined;
  timers: TimersConfig;
  web: WebConfig;
  mail: MailConfig;
  slack?: SlackConfig;
  discord?: DiscordConfig;
}

export interface ConfigOverrides {
  directoryFile?: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const [core, slackEnv, webEnv, timersEnv, mailEnv] = [
    EnvSchema.safeParse(env),
    SlackEnvSchema.safeParse(env),
    WebEnvSchema.safeParse(env),
    TimersEnvSchema.safeParse(env),
    MailEnvSchema.safeParse(env),
  ] as const;
  if (!core.success || !slackEnv.success || !webEnv.success || !timersEnv.success || !mailEnv.success) {
    throw refuse([core, slackEnv, webEnv, timersEnv, mailEnv].flatMap((r) => (r.error ? [r.error] : [])));
  }
  const e = core.data;
  if (e.ACK_ESCALATE <= e.ACK_REMIND) {
    throw new ValidationError(
      `Handoff can't start: ACK_ESCALATE (${env.ACK_ESCALATE ?? '30m'}) must be later than ACK_REMIND (${env.ACK_REMIND ?? '10m'}), or the reminder would come after the escalation.`,
    );
  }
  // Unset, the cap follows a long UPDATE_EVERY up (a fixed pace), instead of refusing to start.
  const backoffMax = env.UPDATE_BACKOFF_MAX
    ? e.UPDATE_BACKOFF_MAX
    : Math.max(e.UPDATE_BACKOFF_MAX, e.UPDATE_EVERY);
  if (backoffMax < e.UPDATE_EVERY) {
    throw new ValidationError(
      `Handoff can't start: UPDATE_BACKOFF_MAX (${env.UPDATE_BACKOFF_MAX}) must be at least UPDATE_EVERY (${env.UPDATE_EVERY ?? '30m'}): it caps how far apart the client-update reminders grow. Set it equal to UPDATE_EVERY for reminders at a fixed pace.`,
    );
  }
  const dataDir = path.resolve(e.HANDOFF_DATA_DIR);
  const discord = discordSection(e);
  const web = webSection(webEnv.data);
  const slack = slackSection(slackEnv.data, web.port);
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    directoryFile: path.resolve(overrides.directoryFile ?? e.HANDOFF_DIRECTORY ?? EXAMPLE_DIRECTORY),
    settings: {
      ackRemindMs: e.ACK_REMIND,
      ackEscalateMs: e.ACK_ESCALATE,
      updateEveryMs: e.UPDATE_EVERY,
      updateBackoffMaxMs: backoffMax,
    },
    logLevel: e.LOG_LEVEL,
    timers: timersSection(timersEnv.data, dataDir),
    web,
    mail: mailSection(mailEnv.data),
    ...(discord ? { discord } : {}),
    ...(slack ? { slack } : {}),
  };
}
