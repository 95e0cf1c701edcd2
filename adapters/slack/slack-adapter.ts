// Handoff as a Slack app (issue 5): Bolt receives and verifies (HTTP with the signing
// secret, or Socket Mode), slack-payloads parses, the handlers normalise and hand over to
// the core. The notifier exists before the core (the core takes it); attach(app) comes later.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from './bolt-parts.ts';
import { errorLine } from '../../src/app/error-line.ts';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger, Notifier } from '../../src/app/ports.ts';
import { createAppHome } from './app-home.ts';
import { registerListeners, type SlackDispatch } from './bolt-listeners.ts';
import { createHandoffMessages, type HandoffMessages } from './handoff-messages.ts';
import { createBusyGate, MAX_OUTSTANDING, type BusyGate } from './busy-gate.ts';
import { InFlight } from './in-flight.ts';
import { createChannelInvites } from './channel-invites.ts';
import { createIncidentRooms } from './incident-rooms.ts';
import { nodeHttpFetch } from './node-http-fetch.ts';
import { checkToken, toBoltLogger } from './slack-boot.ts';
import { createSlackButtons } from './slack-buttons.ts';
import { createSlackCommands } from './slack-commands.ts';
import { createSlackNotifier } from './slack-notifier.ts';
import type { SlackRuntime } from './slack-runtime.ts';
import { createSlackEdge, deliverToBolt, type Deliver } from './slack-http-edge.ts';
import type { SlackFrontTarget } from './slack-front.ts';
import { createFrontTarget } from './slack-front-target.ts';
import { createStatusMessages } from './status-message.ts';

type WebClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterConfig {
  /** Bot User OAuth Token (xoxb-…). */
  botToken: string;
  /** Verifies that HTTP requests come from Slack. */
  signingSecret: string;
  /** App-level token (xapp-…): Socket Mode instead of HTTP. */
  appToken?: string | undefined;
  /** Web API base URL, e.g. https://slack.com/api/ or a local fake's. */
  apiUrl: string;
  /** HTTP mode: a port for start() to open its own server on. Leave unset to mount requestListener yourself. */
  listen?: number | undefined;
  /** The WebClient's retries (429 with Retry-After, network errors); tests keep them small. */
  retryConfig?: WebClientOptions['retryConfig'];
  /** Base delay between attempts at Slack's transient errors (default 1 s). */
  retryDelayMs?: number;
  /** How long one Web API call may take before it is abandoned and tried again (default 10 s). */
  timeoutMs?: number;
  /** HTTP mode on this thread (no ack thread): deliveries in flight past which Slack is told
   *  the bot is busy (default MAX_OUTSTANDING, busy-gate.ts). */
  maxOutstanding?: number;
}

export interface SlackAdapter {
  /** Give it to the core; it renders notifications and keeps each incident's channel current. */
  notifier: Notifier & { incidentChanged(incidentNumber: number): Promise<void> };
  /** The core, once built. Must come before start(). */
  attach(app: HandoffApp): void;
  /** HTTP mode only: serves POST /slack/events (commands, buttons, modals, events); 404 elsewhere. */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** HTTP mode only: what the HTTP front thread hands its requests to (slack-front.ts), so
   *  they are acknowledged off the main thread. */
  front?: SlackFrontTarget;
  /** Checks the token with auth.test (a clear PlatformError if Slack refuses or is unreachable), then receives. */
  start(): Promise<void>;
  /** Stops receiving and waits for the work in hand. */
  stop(): Promise<void>;
  /** Resolves once every request received so far has been fully handled. */
  idle(): Promise<void>;
}

/**
 * Slack answers in well under a second; a call it accepts and never answers would otherwise
 * hold its command or delivery, and a graceful stop, for good (the WebClient's default is no
 * timeout). A timed-out call is retried like a network failure; should Slack have acted on it
 * after all, a post may appear twice, which beats a room that never hears.
 */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

/** Two quick retries (0.5 s, 1 s): enough for a blip, never long enough to stall anyone. */
export const DEFAULT_RETRY_CONFIG: NonNullable<WebClientOptions['retryConfig']> = {
  retries: 2,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 1_000,
};

/** `deliver`, unless the gate says the bot is too far behind. */
function bounded(gate: BusyGate, deliver: Deliver): Deliver {
  return (req, res, raw, delivery) => {
    if (!gate.refused(res, delivery)) deliver(req, res, raw, delivery);
  };
}

export function createSlackAdapter(config: SlackAdapterConfig, deps: { logger: Logger }): SlackAdapter {
  const { logger } = deps;
  const boltLogger = toBoltLogger(logger);
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.apiUrl,
    logger: boltLogger,
    // The WebClient's default (about ten retries over half an hour) would hold a delivery,
    // and a command waiting on Slack, for that long; the outbox retries deliveries itself.
    retryConfig: config.retryConfig ?? DEFAULT_RETRY_CONFIG,
    timeout: config.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS,
    // Also Bolt's, for every response_url answer (node-http-fetch.ts says why).
    fetch: nodeHttpFetch,
  };
  let core: HandoffApp | undefined;
  let botUserId: string | undefined;
  let boltApp: App | undefined;
  const inflight = new InFlight();
  // What the ack thread does for its requests (busy-gate.ts), for those served here.
  const gate = createBusyGate(config.maxOutstanding ?? MAX_OUTSTANDING, () => inflight.size, logger);
  inflight.onSettled(() => gate.handled());
  const rt: SlackRuntime = {
    client: new webApi.WebClient(config.botToken, clientOptions),
    logger,
    app() {
      if (!core) throw new Error('The Slack adapter was used before attach(app).');
      return core;
    },
    botUserId: () => botUserId,
    retry: { attempts: 3, delayMs: config.retryDelayMs ?? 1_000 },
  };
  const handoffs = createHandoffMessages(rt);
  const rooms = createIncidentRooms(rt, handoffs, createChannelInvites(rt), createStatusMessages(rt));
  const handlers = createDispatch(rt, rooms, handoffs);
  const receiver = config.appToken
    ? new SocketModeReceiver({
        appToken: config.appToken,
        logger: boltLogger,
        installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
      })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logger: boltLogger,
        // The edge checks every body's shape before Bolt sees it; should Bolt still throw on
        // one, the request is answered 400 (Slack retries a 5xx) and logged as one line.
        processEventErrorHandler: async ({ error, response }) => {
          logger.error({ error: error.message.slice(0, 200) }, 'slack request failed inside Bolt');
          if (!response.headersSent) response.writeHead(400).end();
          return false;
        },
      });
  const toBolt =
    receiver instanceof HTTPReceiver ? bounded(gate, deliverToBolt(receiver.requestListener)) : undefined;
  const edge =
    receiver instanceof HTTPReceiver
      ? createSlackEdge({
          path: SLACK_EVENTS_PATH,
          signingSecret: config.signingSecret,
          logger,
          now: () => Date.now(),
          botUserId: rt.botUserId,
          deliver: () => (boltApp ? toBolt : undefined),
        })
      : undefined;
  const front =
    receiver instanceof HTTPReceiver
      ? createFrontTarget({
          path: SLACK_EVENTS_PATH,
          signingSecret: config.signingSecret,
          bolt: () => boltApp,
          botUserId: rt.botUserId,
          inflight,
          logger,
        })
      : undefined;
  let ownServer: Server | undefined;

  async function start(): Promise<void> {
    rt.app();
    const auth = await checkToken(config.botToken, config.apiUrl, boltLogger);
    botUserId = auth.botUserId;
    // botId and botUserId given: Bolt makes no auth.test of its own, whose failure would crash
    // the process (notes/platform-facts.md). ignoreSelf is off: the core drops our own messages.
    boltApp = new App({
      token: config.botToken,
      receiver,
      botId: auth.botId,
      botUserId: auth.botUserId,
      clientOptions,
      logger: boltLogger,
      ignoreSelf: false,
      convoStore: false,
    });
    registerListeners(boltApp, inflight, handlers);
    front?.started();
    if (receiver instanceof SocketModeReceiver) await boltApp.start();
    else if (config.listen !== undefined && edge) {
      // Our own server rather than receiver.start(): Bolt's would skip the edge's checks.
      const server = createServer((req, res) => serveEvents(req, res, edge));
      await new Promise<void>((resolve) => server.listen(config.listen, resolve));
      ownServer = server;
    }
    logger.info({ mode: config.appToken ? 'socket' : 'http', botUserId }, 'slack connected');
  }

  return {
    notifier: createSlackNotifier(rt, rooms, handoffs) as SlackAdapter['notifier'],
    attach(app) {
      core = app;
    },
    ...(edge ? { requestListener: (req, res) => serveEvents(req, res, edge) } : {}),
    ...(front ? { front } : {}),
    start,
    async stop() {
      await inflight.idle();
      if (receiver instanceof SocketModeReceiver) await boltApp?.stop();
      else if (ownServer) {
        const server = ownServer;
        ownServer = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
    idle: () => inflight.idle(),
  };
}

/** Routes /slack/events to the edge (verify, parse, then Bolt); other paths are not ours. */
function serveEvents(
  req: IncomingMessage,
  res: ServerResponse,
  edge: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== SLACK_EVENTS_PATH) return void res.writeHead(404).end();
  edge(req, res);
}

function createDispatch(
  rt: SlackRuntime,
  rooms: ReturnType<typeof createIncidentRooms>,
  handoffs: HandoffMessages,
): SlackDispatch {
  const commands = createSlackCommands(rt, rooms);
  const buttons = createSlackButtons(rt, commands.ephemeral, handoffs);
  const home = createAppHome(rt);
  return {
    async dispatch(input, respond) {
      switch (input.kind) {
        case 'command':
          return respond ? commands.slashCommand(input, respond) : undefined;
        case 'message':
          return commands.roomMessage(input);
        case 'mention':
          return commands.mention(input);
        case 'home':
          return home.opened(input);
        case 'accept':
          return buttons.accept(input, respond);
        case 'decline':
          return buttons.openDecline(input, respond);
        case 'decline.submit':
          return undefined;
        case 'unsupported':
          rt.logger.info({ reason: input.reason }, 'slack input ignored');
      }
    },
    submitDecline: buttons.submitDecline,
    onError(error) {
      // Bolt wraps what a listener threw (UnknownError.original): log that, with its causes.
      const thrown = (error as { original?: unknown }).original ?? error;
      rt.logger.error(
        { code: (error as { code?: string }).code, error: errorLine(thrown) },
        'slack listener failed',
      );
    },
    botUserId: rt.botUserId,
  };
}
