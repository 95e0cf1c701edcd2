// Server mode (`npm start` with Slack and/or Discord configured): the core, the chat
// platforms, and one port (PORT) for Slack's requests and the owners' pages: with Slack on
// HTTP, a thread of its own holds it and acknowledges Slack (slack-front-thread.ts).
// Stops gracefully on SIGTERM/SIGINT: platforms first, then pages, then the core.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorLine } from '../app/error-line.ts';
import { lateClientLinks, type LateClientLinks } from '../app/late-client-links.ts';
import type { Logger, Notifier } from '../app/ports.ts';
import { pgliteOnMainThread, type Config } from '../config.ts';
import { answerPagesFor, prepareAnswerLinks, type LateAnswerLinks } from './answer-links.ts';
import { startCore, type Core } from './core.ts';
import { guardProcess } from './process-guard.ts';
import { lowerOtherThreads, WORK_NICENESS } from './thread-priority.ts';
import { systemClock } from '../timers/clock.ts';
import { LiveUpdates } from '../web/live-updates.ts';
import { ownerLinkNote, startOwnersWeb } from '../web/owners-web.ts';
import { startWebServer, type WebFront } from '../web/server.ts';
import type { SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { SlackFrontTarget } from '../../adapters/slack/slack-front.ts';
import type { WebHandler } from '../web/web-handler.ts';

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/** Said at start by an instance that delivers to Discord but leaves its events to another. */
const DELIVERIES_ONLY =
  ' for deliveries only; its commands and messages reach the instance that holds the gateway (DISCORD_GATEWAY=off)';

/** How long one part may take to finish its work in hand before we go on without it. */
const STOP_GRACE_MS = 15_000;

/** Stops the parts in reverse order of starting; a part that hangs is logged and passed over. */
async function stopParts(parts: Stoppable[], logger: Logger): Promise<boolean> {
  let clean = true;
  for (const part of [...parts].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS)),
    );
    try {
      const outcome = await Promise.race([part.stop().then(() => 'stopped' as const), timedOut]);
      if (outcome === 'timeout') {
        clean = false;
        logger.error(
          { part: part.name, graceMs: STOP_GRACE_MS },
          'did not stop in time; going on without it',
        );
      }
    } catch (error) {
      clean = false;
      logger.error({ err: error, part: part.name }, 'failed to stop cleanly');
    } finally {
      clearTimeout(timer);
    }
  }
  return clean;
}

/** Mounts Slack's receiver at /slack/* on the shared server. */
function slackRoute(listener: (req: IncomingMessage, res: ServerResponse) => void): WebHandler {
  return async (req, res) => {
    if (!req.url?.startsWith('/slack/')) return false;
    listener(req, res);
    return true;
  };
}

/** Slack's requests are read and acknowledged by a thread of their own that holds PORT
 *  (adapters/slack/slack-front-thread.ts says why); it passes the pages to this thread. */
function slackFront(target: SlackFrontTarget, logger: Logger): WebFront {
  return async (listen) => {
    const { startSlackFront } = await import('../../adapters/slack/slack-front.ts');
    return startSlackFront({ ...listen, target, logger });
  };
}

/** How Slack's HTTP requests reach the adapter: through the ack thread, or on this thread. */
function slackHttp(slack: SlackAdapter, config: Config, logger: Logger): SlackHttp {
  if (config.slack?.ackThread && slack.front) return { front: slackFront(slack.front, logger) };
  return slack.requestListener ? { handlers: [slackRoute(slack.requestListener)] } : {};
}

interface SlackHttp {
  front?: WebFront;
  handlers?: WebHandler[];
}

async function startHttp(
  config: Config,
  core: Core,
  live: LiveUpdates,
  logger: Logger,
  { front, handlers = [] }: SlackHttp,
  print: (line: string) => void,
  clientLinks: LateClientLinks,
  answerLinks: LateAnswerLinks | undefined,
) {
  if (config.web.enabled) {
    const web = await startOwnersWeb({
      port: config.web.port,
      ...(config.web.host ? { host: config.web.host } : {}),
      ownerToken: config.web.ownerToken,
      linkSecret: config.web.linkSecret,
      publicUrl: config.web.publicUrl,
      dataDir: config.dataDir,
      core: { store: core.store, clock: systemClock, directory: core.directory, channels: core.channels },
      live,
      logger,
      handlers,
      front,
      answers: answerPagesFor(core, answerLinks, logger),
    });
    answerLinks?.bind(web.server.origin);
    print(`Owners' pages: ${web.ownerUrl}${ownerLinkNote(web)}`);
    clientLinks.bind((clientId) => web.clientUrl(clientId));
    return {
      frontThreadId: web.server.frontThreadId,
      stop: () => {
        clientLinks.unbind();
        return web.close();
      },
    };
  }
  if (!front && handlers.length === 0) return undefined;
  const server = await startWebServer(config.web.port, handlers, {
    ...(config.web.host ? { host: config.web.host } : {}),
    ...(front ? { front } : {}),
    onError: (error) => logger.error({ error: errorLine(error) }, 'web request failed'),
  });
  return { frontThreadId: server.frontThreadId, stop: () => server.close() };
}

/** Starts everything configured and resolves once the process is asked to stop. */
export async function runServer(
  config: Config,
  logger: Logger,
  print: (line: string) => void,
): Promise<number> {
  const guard = guardProcess(logger);
  try {
    return await serveUntilStopped(config, logger, print, guard.fatal);
  } finally {
    guard.dispose();
  }
}

async function serveUntilStopped(
  config: Config,
  logger: Logger,
  print: (line: string) => void,
  fatal: Promise<void>,
): Promise<number> {
  // Each platform's library (Bolt, discord.js: about a second to load together) only when configured.
  const slack = config.slack
    ? (await import('../../adapters/slack/slack-adapter.ts')).createSlackAdapter(config.slack, { logger })
    : undefined;
  const discord = config.discord
    ? (await import('../../adapters/discord/discord-adapter.ts')).createDiscordAdapter(config.discord, {
        logger,
        directory: () => core.directory(),
      })
    : undefined;
  const live = new LiveUpdates();
  const notifiers: Record<string, Notifier> = {
    ...(slack ? { slack: slack.notifier } : {}),
    ...(discord ? { discord: discord.notifier } : {}),
    web: live,
  };
  const clientLinks = lateClientLinks();
  const answerLinks = await prepareAnswerLinks(config, systemClock);
  // Adapters exist before the core (they are its notifiers) and read it lazily.
  const core: Core = await startCore(config, {
    notifiers,
    clock: systemClock,
    logger,
    pgliteOnMainThread: pgliteOnMainThread(config),
    clientLinks,
    ...(answerLinks ? { answerLinks: answerLinks.links } : {}),
  });
  const running: Stoppable[] = [{ name: 'core', stop: () => core.stop() }];
  const stopAll = () => stopParts(running, logger);
  try {
    slack?.attach(core.app);
    discord?.attach(core.app);
    const http = await startHttp(
      config,
      core,
      live,
      logger,
      slack ? slackHttp(slack, config, logger) : {},
      print,
      clientLinks,
      answerLinks,
    );
    if (http) running.push({ name: 'web server', stop: () => http.stop() });
    const niceness = config.slack?.workNiceness ?? WORK_NICENESS;
    if (http?.frontThreadId && niceness > 0) {
      const lowered = lowerOtherThreads(http.frontThreadId, niceness);
      logger.info({ threads: lowered, niceness }, 'work threads yield to the Slack front thread');
    }
    for (const [name, adapter] of [
      ['Slack', slack],
      ['Discord', discord],
    ] as const) {
      if (!adapter) continue;
      await adapter.start();
      running.push({ name, stop: () => adapter.stop() });
      print(
        `${name}: connected${name === 'Discord' && config.discord?.gateway === false ? DELIVERIES_ONLY : ''}.`,
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  print('Handoff is running. Stop it with Ctrl-C (or SIGTERM); work in hand is finished first.');
  const signal = await Promise.race([
    new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    }),
    fatal.then(() => 'uncaught exception'),
  ]);
  logger.info({ signal }, 'stopping');
  const clean = await stopAll();
  return clean && signal !== 'uncaught exception' ? 0 : 1;
}
