// Handoff as a discord.js bot (issue 6). The notifier exists before the core is built
// (the core needs it), so the app is attached afterwards; start() logs in and resolves
// once the guilds are ready; stop() drains work in flight and closes the gateway.

import {
  Client,
  ClientUser,
  Events,
  GatewayIntentBits,
  Routes,
  type APIUser,
  type Interaction,
  type Message,
  type RateLimitData,
} from 'discord.js';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger, Notifier } from '../../src/app/ports.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import type { DiscordAdapterConfig } from './discord-adapter-config.ts';
import { createDiscordNotifier } from './discord-notifier.ts';
import { IncidentThreads } from './incident-threads.ts';
import { handleInteraction } from './interactions.ts';
import { safeError } from './log-safe-error.ts';
import { handleRoomMessage } from './room-messages.ts';

export type { DiscordAdapterConfig } from './discord-adapter-config.ts';
export { registerDiscordCommands, incidentCommand } from './register-commands.ts';

export interface DiscordAdapterDeps {
  logger: Logger;
  /** The directory in force, read lazily (site autocomplete, Discord ids of people notified). */
  directory: () => Directory;
}

export interface DiscordAdapter {
  notifier: Notifier;
  attach(app: HandoffApp): void;
  /** Logs in and resolves when every guild is ready; throws a PlatformError saying what to fix. */
  start(): Promise<void>;
  /** Waits for interactions and messages being handled, then disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const RATE_LIMIT_WAIT_MAX_MS = 10_000;

/** Guilds for the channel and thread caches; messages and their content only for the blame guard. */
export function discordIntents(config: Pick<DiscordAdapterConfig, 'messageContent'>): GatewayIntentBits[] {
  return config.messageContent
    ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]
    : [GatewayIntentBits.Guilds];
}

/** What we log when Discord refuses MessageContent, with both ways to fix it. */
export const MESSAGE_CONTENT_REFUSED =
  'Message Content intent is not enabled for this bot in the Developer Portal; the blame guard is off, commands still work. ' +
  'Enable it under Bot → Privileged Gateway Intents, or set DISCORD_MESSAGE_CONTENT=false';

export function createDiscordAdapter(config: DiscordAdapterConfig, deps: DiscordAdapterDeps): DiscordAdapter {
  const { logger } = deps;
  // Replaced once if Discord refuses MessageContent (close 4014): a client's intents are
  // fixed when it is built, and a destroyed client must not log in again (its gateway
  // manager stays marked destroyed, so a later destroy() would leave the socket open).
  let messageContent = config.messageContent;
  let client = buildClient(config, messageContent, logger);
  let app: HandoffApp | undefined;
  const requireApp = (): HandoffApp => {
    if (!app) throw new Error('the Discord adapter was used before attach(app)');
    return app;
  };
  const threads = new IncidentThreads(() => client, config, logger, requireApp);
  const handlerDeps = { app: requireApp, threads, directory: deps.directory, logger };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  // discord.js emits events without awaiting listeners: each handler's promise is kept
  // until it settles, so stop() can wait for it and nothing runs unobserved.
  const track = (what: string, work: () => Promise<void>) => {
    if (stopping) return;
    const running = work()
      .catch((error: unknown) => logger.error({ err: safeError(error), what }, 'discord handler failed'))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  const handlers: ClientHandlers = {
    interaction: (interaction) => track('interaction', () => handleInteraction(handlerDeps, interaction)),
    message: (message) => track('message', () => handleRoomMessage(handlerDeps, message)),
  };
  listen(client, messageContent, handlers, logger);

  let stopped: Promise<void> | undefined;
  return {
    notifier: createDiscordNotifier({ client: () => client, threads, directory: deps.directory, logger }),
    attach(handoffApp) {
      app = handoffApp;
    },
    async start() {
      requireApp();
      if (config.gateway === false) return connectRestOnly(client, config, logger);
      try {
        await login(client, config, logger);
      } catch (error) {
        if (!messageContent || !isDisallowedIntents(error)) throw error;
        // Commands need no privileged intent: keep them working, and say how to get the guard back.
        logger.warn({ intent: 'MessageContent' }, MESSAGE_CONTENT_REFUSED);
        messageContent = false;
        client = buildClient(config, messageContent, logger);
        listen(client, messageContent, handlers, logger);
        await login(client, config, logger);
      }
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        await threads.settle();
        await client.destroy();
      })();
      return stopped;
    },
  };
}

interface ClientHandlers {
  interaction(interaction: Interaction): void;
  message(message: Message): void;
}

function buildClient(config: DiscordAdapterConfig, messageContent: boolean, logger: Logger): Client {
  // Nobody is pinged unless a message names them in allowedMentions.
  return new Client({
    intents: discordIntents({ messageContent }),
    rest: {
      api: config.apiUrl,
      // One retry of a 5xx or a dropped connection (discord.js's default is three): the
      // outbox retries deliveries itself, with backoff, so the two must not multiply.
      retries: 1,
      // `retries` does not count 429s: discord.js waits out every one, however long, inside
      // the delivery attempt, whose lease (DELIVERY_POLICY.leaseMs) may then run out and let
      // a second attempt send it twice. A long wait goes back to the outbox instead.
      rejectOnRateLimit: (limit) => leaveToOutbox(limit, config.rateLimitWaitMaxMs, logger),
    },
    allowedMentions: { parse: [] },
  });
}

/**
 * Whether discord.js should throw this rate limit (a RateLimitError the outbox retries
 * after) rather than wait. Interaction answers always wait: the person is looking at them.
 * Also where 429s are logged: discord.js's `rateLimited` event misses a 429 that carries
 * only Retry-After (no X-RateLimit headers), as Cloudflare and shared resources send.
 */
function leaveToOutbox(limit: RateLimitData, maxWaitMs = RATE_LIMIT_WAIT_MAX_MS, logger: Logger): boolean {
  const waitMs = Math.max(limit.retryAfter, limit.timeToReset, limit.sublimitTimeout);
  const answer = limit.route.startsWith('/interactions/') || limit.route.startsWith('/webhooks/');
  const leave = !answer && waitMs > maxWaitMs;
  logger.warn(
    {
      route: limit.route,
      method: limit.method,
      retryAfterMs: waitMs,
      global: limit.global,
      leftToOutbox: leave,
    },
    'discord rate limited',
  );
  return leave;
}

function listen(client: Client, messageContent: boolean, handlers: ClientHandlers, logger: Logger): void {
  client.on(Events.InteractionCreate, handlers.interaction);
  if (messageContent) client.on(Events.MessageCreate, handlers.message);
  client.on(Events.Error, (error) => logger.error({ err: safeError(error) }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardResume, (shard, replayed) =>
    logger.info({ shard, replayed }, 'discord gateway resumed'),
  );
}

// @discordjs/ws turns a gateway close 4014 into this error, and login() rejects with it
// (read in node_modules/@discordjs/ws; there is no error code to match instead).
function isDisallowedIntents(error: unknown): boolean {
  const cause = error instanceof PlatformError ? error.cause : error;
  return cause instanceof Error && cause.message === 'Used disallowed intents';
}

/** What to check when Discord does not take the bot (the token) or cannot be reached. */
function notConnected(config: DiscordAdapterConfig, error: unknown): PlatformError {
  return new PlatformError(
    `Handoff could not connect to Discord at ${config.apiUrl}: ${error instanceof Error ? error.message : String(error)}. ` +
      'Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token) and that the bot was invited to the server.',
    { cause: error },
  );
}

/** discord.js's ClientUser, whose constructor its typings keep to discord.js (READY builds it). */
const NewClientUser = ClientUser as unknown as new (client: Client, data: APIUser) => ClientUser;

/**
 * DISCORD_GATEWAY=off: no gateway session, so no events (another instance has them). What
 * discord.js would have from login and READY is read over REST instead, which also checks
 * the token and the invitation at start: the token goes to its REST client; the bot's own
 * user becomes `client.user`, as READY makes it (a direct message looks up the DM channel
 * between it and the person); and the guild is cached, as its GUILD_CREATE would be
 * (discord.js builds a guild's channels, the incident channel and its threads, only for a
 * guild it has cached).
 */
async function connectRestOnly(client: Client, config: DiscordAdapterConfig, logger: Logger): Promise<void> {
  client.token = config.token;
  client.rest.setToken(config.token);
  try {
    const me = (await client.rest.get(Routes.user())) as APIUser;
    client.user = new NewClientUser(client, me);
    client.users.cache.set(me.id, client.user);
    await client.guilds.fetch({ guild: config.guildId, withCounts: false });
  } catch (error) {
    await client.destroy();
    throw notConnected(config, error);
  }
  logger.info(
    { user: client.user?.id, guild: config.guildId },
    'discord connected for deliveries only (DISCORD_GATEWAY=off): commands reach the instance with the gateway',
  );
}

async function login(client: Client, config: DiscordAdapterConfig, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(
      () => reject(new PlatformError(`Discord did not get ready within ${READY_TIMEOUT_MS / 1000} s.`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw notConnected(config, error);
  } finally {
    clearTimeout(timer);
  }
  if (!client.guilds.cache.has(config.guildId)) {
    logger.warn(
      { guild: config.guildId },
      'the bot is not in DISCORD_GUILD_ID; invite it with the README link',
    );
  }
  logger.info({ user: client.user?.id, guilds: client.guilds.cache.size }, 'discord connected');
}
