// Starting the owners' pages on their own server, with other handlers (the Slack
// receiver) mounted first. Used by the console mode and by server mode alike.

import { createOwnerReads, type OwnerReadDeps } from '../app/owners.ts';
import { errorLine } from '../app/error-line.ts';
import type { Logger } from '../app/ports.ts';
import { generateOwnerToken } from './access.ts';
import type { LiveUpdates } from './live-updates.ts';
import { startWebServer, type WebServer } from './server.ts';
import { createWebHandler, type WebHandler } from './web-handler.ts';

export interface OwnersWebOptions {
  port: number;
  /** OWNER_TOKEN; a fresh one is generated when unset (and `tokenGenerated` says so). */
  ownerToken?: string | undefined;
  /** What the pages read through: the core's store, clock and directory. */
  core: OwnerReadDeps;
  /** The same object composed into the core's Notifier, so pages go live. */
  live: LiveUpdates;
  logger: Logger;
  /** Tried before the owners' pages, e.g. the Slack receiver at /slack/events. */
  handlers?: WebHandler[];
  host?: string;
}

export interface OwnersWeb {
  server: WebServer;
  /** The owner's link: everything, so treat it like a password. */
  ownerUrl: string;
  tokenGenerated: boolean;
  /** A client's read-only link. */
  clientUrl(clientId: string): string;
  close(): Promise<void>;
}

export async function startOwnersWeb(options: OwnersWebOptions): Promise<OwnersWeb> {
  const ownerToken = options.ownerToken ?? generateOwnerToken();
  const web = createWebHandler({
    reads: createOwnerReads(options.core),
    ownerToken,
    live: options.live,
    logger: options.logger,
  });
  const server = await startWebServer(options.port, [...(options.handlers ?? []), web.handle], {
    ...(options.host ? { host: options.host } : {}),
    onError: (error) => options.logger.error({ error: errorLine(error) }, 'web request failed'),
  });
  return {
    server,
    ownerUrl: web.ownerUrl(server.origin),
    tokenGenerated: options.ownerToken === undefined,
    clientUrl: (clientId) => web.clientUrl(server.origin, clientId),
    async close() {
      options.live.close();
      await server.close();
    },
  };
}
