// A running Slack setup for tests: the fake Slack Web API, the real core on a memory store,
// the real Bolt receiver behind the adapter's requestListener on a local HTTP server (or,
// as in server mode, behind the HTTP front thread: serveThroughFront), and helpers that
// send signed Slack requests the way Slack documents them.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterConfig,
} from '../../../adapters/slack/slack-adapter.ts';
import { createHandoffApp, type HandoffApp } from '../../../src/app/handoff-app.ts';
import { DEFAULT_SETTINGS } from '../../../src/app/deps.ts';
import { KeyedLock } from '../../../src/app/keyed-lock.ts';
import type { Logger, Store } from '../../../src/app/ports.ts';
import type { Directory } from '../../../src/domain/directory.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { ManualClock } from '../../../src/timers/clock.ts';
import { MemoryTimers } from '../../../src/timers/memory-timers.ts';
import { startSlackFront, type SlackFront } from '../../../adapters/slack/slack-front.ts';
import { startWebServer } from '../../../src/web/server.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { slackSignature } from '../../fakes/slack/slack-signature.ts';

export const SIGNING_SECRET = 'test-signing-secret-8f2a';
export const FORM = 'application/x-www-form-urlencoded';

/** Logs kept in memory, so tests can read them (and check they hold no secrets). */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; fields: object; message: string }> = [];
  info(fields: object, message: string) {
    this.lines.push({ level: 'info', fields, message });
  }
  warn(fields: object, message: string) {
    this.lines.push({ level: 'warn', fields, message });
  }
  error(fields: object, message: string) {
    this.lines.push({ level: 'error', fields, message });
  }
  /** Each line as pino writes it, near enough: an Error field shows its message (pino's `err` serializer). */
  text(): string {
    const errors = (_key: string, value: unknown) =>
      value instanceof Error ? { type: value.name, message: value.message } : value;
    return this.lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields, errors)}`).join('\n');
  }
}

export interface SlackWorld {
  fake: FakeSlack;
  adapter: SlackAdapter;
  app: HandoffApp;
  store: Store;
  clock: ManualClock;
  logger: MemoryLogger;
  /** The local server the adapter's requestListener is mounted on (or the front thread's). */
  url: string;
  /** Resolves once every request acknowledged so far is handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

let throughFront = false;

/** From now on in this test file, worlds take requests the way server mode does: through the
 *  HTTP front thread, which acknowledges Slack and hands each delivery over by postMessage. */
export function serveThroughFront(): void {
  throughFront = true;
}

/** Mounted the way the composition root mounts it: on the shared PORT server, or behind the front. */
export async function serveAdapter(adapter: SlackAdapter, logger: Logger) {
  if (throughFront) {
    let front: SlackFront | undefined;
    const web = await startWebServer(0, [], {
      host: '127.0.0.1',
      front: async (listen) => (front = await startSlackFront({ ...listen, target: adapter.front!, logger })),
    });
    return { url: web.origin, idle: () => front!.settled(), close: () => web.close() };
  }
  const server: Server = createServer((req, res) => adapter.requestListener!(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    idle: () => adapter.idle(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function createSlackWorld(
  directory: Directory,
  start = new Date('2026-03-02T08:00:00Z'),
  adapterOptions: Partial<SlackAdapterConfig> = {},
): Promise<SlackWorld> {
  const fake = new FakeSlack();
  await fake.start();
  const logger = new MemoryLogger();
  const adapter = createSlackAdapter(
    {
      botToken: fake.token,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 },
      retryDelayMs: 10,
      ...adapterOptions,
    },
    { logger },
  );
  const store = createMemoryStore();
  await store.transaction((tx) => tx.upsertDirectory(directory));
  const clock = new ManualClock(start);
  const app = createHandoffApp({
    store,
    notifier: adapter.notifier,
    clock,
    timers: new MemoryTimers(),
    logger,
    directory: () => directory,
    settings: DEFAULT_SETTINGS,
    locks: new KeyedLock(),
  });
  adapter.attach(app);
  await adapter.start();
  const served = await serveAdapter(adapter, logger);
  return {
    fake,
    adapter,
    app,
    store,
    clock,
    logger,
    url: served.url,
    idle: served.idle,
    async close() {
      await adapter.stop();
      await served.close();
      await fake.stop();
      await store.close();
    },
  };
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return slackSignature(secret, timestamp, body);
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs the exact bytes to `<origin>/slack/events`, signed with the test secret unless told otherwise. */
export function postSigned(
  origin: string,
  body: string,
  contentType: string = FORM,
  options: SendOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${origin}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(body, timestamp),
      ...options.headers,
    },
    body,
  });
}

/** Posts the exact bytes to the world's app, signed, and waits until the adapter is idle. */
export async function send(world: SlackWorld, body: string, contentType: string, options: SendOptions = {}) {
  const response = await postSigned(world.url, body, contentType, options);
  const text = await response.text();
  await world.idle();
  return { status: response.status, text };
}

/** A slash command's body as Slack sends it; `world` may be any holder of the fake Slack. */
export function slashCommandBody(
  world: Pick<SlackWorld, 'fake'>,
  user: string,
  text: string,
  channel = 'C0GENERAL',
): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: world.fake.bot.teamId,
    team_domain: 'handoff-test',
    channel_id: channel,
    channel_name: channel === 'C0GENERAL' ? 'general' : 'incident',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/incident',
    text,
    api_app_id: 'A0HANDOFF',
    is_enterprise_install: 'false',
    response_url: world.fake.responseUrl(randomUUID()),
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
  }).toString();
}

/** `/incident <text>` typed by a Slack user, in a channel (default #general). */
export function slash(world: SlackWorld, user: string, text: string, channel?: string) {
  return send(world, slashCommandBody(world, user, text, channel), FORM);
}

/** The block_actions payload Slack sends when `user` presses a button on a posted message. */
export function pressButton(
  world: SlackWorld,
  user: string,
  message: { channel: string; ts: string; text: string; blocks?: unknown },
  actionId: string,
) {
  const actions = (message.blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
  const button = actions.find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on message ${message.ts}`);
  const team = { id: world.fake.bot.teamId, domain: 'handoff-test' };
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0HANDOFF',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: 'incident' },
    message: {
      type: 'message',
      user: world.fake.bot.userId,
      bot_id: world.fake.bot.botId,
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
    },
    response_url: world.fake.pressResponseUrl(randomUUID(), message, user),
    actions: [{ ...button, block_id: 'handoff', action_ts: `${Date.now() / 1000}` }],
  };
  return send(world, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
}

/** The view_submission payload for the modal the app last opened, with `reason` typed in. */
export function submitModal(world: SlackWorld, user: string, reason: string) {
  const opened = world.fake.callsTo('views.open').at(-1);
  if (!opened) throw new Error('no modal was opened');
  const view = opened.args.view as Record<string, unknown>;
  const team = { id: world.fake.bot.teamId, domain: 'handoff-test' };
  const payload = {
    type: 'view_submission',
    team,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0HANDOFF',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    view: {
      ...view,
      id: `V${randomUUID().slice(0, 8).toUpperCase()}`,
      team_id: team.id,
      state: { values: { reason: { reason_input: { type: 'plain_text_input', value: reason } } } },
      hash: `${Date.now()}.abc`,
      app_id: 'A0HANDOFF',
      bot_id: world.fake.bot.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return send(world, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
}

let eventSeq = 0;

/** An Events API callback; pass the same eventId and a retryNum to replay a delivery. */
export function sendEvent(
  world: SlackWorld,
  event: Record<string, unknown>,
  options: { eventId?: string; retryNum?: number } = {},
) {
  const eventId = options.eventId ?? `Ev${String(++eventSeq).padStart(8, '0')}`;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: world.fake.bot.teamId,
    api_app_id: 'A0HANDOFF',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        team_id: world.fake.bot.teamId,
        user_id: world.fake.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
  });
  const headers: Record<string, string> =
    options.retryNum !== undefined
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {};
  return send(world, body, 'application/json', { headers });
}

let messageSeq = 0;

/** A person's plain message in a channel, as the `message` event Slack sends for it. */
export function say(
  world: SlackWorld,
  user: string,
  channel: string,
  text: string,
  options: { eventId?: string; retryNum?: number } = {},
) {
  const ts = `1700001000.${String(++messageSeq).padStart(6, '0')}`;
  return sendEvent(world, { type: 'message', channel, user, text, ts, channel_type: 'channel' }, options);
}
