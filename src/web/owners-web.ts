// Starting the owners' pages on their own server, with other handlers (the Slack
// receiver) mounted first. Used by the console mode and by server mode alike.

import { createOwnerReads, type OwnerReadDeps } from '../app/owners.ts';
import { errorLine } from '../app/error-line.ts';
import type { Logger } from '../app/ports.ts';
import { generateOwnerToken } from './access.ts';
import type { AnswerPages } from './answer-pages.ts';
import type { LiveUpdates } from './live-updates.ts';
import { ownerTokenFromFolder } from './owner-token-file.ts';
import { startWebServer, type WebFront, type WebServer } from './server.ts';
import { createWebHandler, type WebHandler } from './web-handler.ts';

export interface OwnersWebOptions {
  port: number;
  /** OWNER_TOKEN; unset: the one kept in `dataDir`, or (without one) a fresh one. */
  ownerToken?: string | undefined;
  /** LINK_SECRET: keys client links; unset, they are keyed from the owner token. */
  linkSecret?: string | undefined;
  /** PUBLIC_URL: the base of every link printed and shown; unset, the listening address. */
  publicUrl?: string | undefined;
  /** HANDOFF_DATA_DIR: where a generated owner token is kept across restarts. */
  dataDir?: string | undefined;
  /** What the pages read through: the core's store, clock and directory. */
  core: OwnerReadDeps;
  /** The same object composed into the core's Notifier, so pages go live. */
  live: LiveUpdates;
  logger: Logger;
  /** The pages behind e-mail Accept / Decline links (/answer/<token>); absent, not served. */
  answers?: AnswerPages | undefined;
  /** Tried before the owners' pages, e.g. the Slack receiver at /slack/events. */
  handlers?: WebHandler[];
  host?: string;
  /** A thread that holds the port in front of the pages (the Slack front thread). */
  front?: WebFront | undefined;
}

export interface OwnersWeb {
  server: WebServer;
  /** The owner's link: everything, so treat it like a password. */
  ownerUrl: string;
  /** True when the token lives only as long as this process (no OWNER_TOKEN, no data folder). */
  tokenGenerated: boolean;
  /** The file the owner token is kept in, when it came from the data folder. */
  tokenFile?: string;
  /** A client's read-only link. */
  clientUrl(clientId: string): string;
  close(): Promise<void>;
}

async function chooseOwnerToken(options: OwnersWebOptions): Promise<{ token: string; file?: string }> {
  if (options.ownerToken) return { token: options.ownerToken };
  if (options.dataDir) return ownerTokenFromFolder(options.dataDir);
  return { token: generateOwnerToken() };
}

/** The note printed after the owner's link: where its token comes from and how to keep it. */
export function ownerLinkNote(web: OwnersWeb): string {
  if (web.tokenFile) return ` (kept in ${web.tokenFile}; delete that file to change every link)`;
  return web.tokenGenerated ? ' (new each start; set OWNER_TOKEN to keep one link)' : '';
}

export async function startOwnersWeb(options: OwnersWebOptions): Promise<OwnersWeb> {
  const { token: ownerToken, file } = await chooseOwnerToken(options);
  let origin = options.publicUrl ?? '';
  const web = createWebHandler({
    reads: createOwnerReads(options.core),
    ownerToken,
    linkSecret: options.linkSecret,
    linkBase: () => origin,
    live: options.live,
    logger: options.logger,
    answers: options.answers,
  });
  const server = await startWebServer(options.port, [...(options.handlers ?? []), web.handle], {
    ...(options.host ? { host: options.host } : {}),
    ...(options.front ? { front: options.front } : {}),
    onError: (error) => options.logger.error({ error: errorLine(error) }, 'web request failed'),
  });
  origin = options.publicUrl ?? server.origin;
  return {
    server,
    ownerUrl: web.ownerUrl(origin),
    tokenGenerated: options.ownerToken === undefined && file === undefined,
    ...(file ? { tokenFile: file } : {}),
    clientUrl: (clientId) => web.clientUrl(origin, clientId),
    async close() {
      options.live.close();
      await server.close();
    },
  };
}
