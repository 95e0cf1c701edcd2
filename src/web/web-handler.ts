// The owners' web pages as one node request handler (issue 7). Routes, under a scope
// prefix (/o/<owner token> or /c/<client>/<signature>):
//   /                          incident list (?client= &site= &status= &month=YYYY-MM)
//   /incidents/<n>             live status, swimlane, credit, timeline
//   /incidents/<n>/summary     the summary page; .json and .md for the raw forms
//   /incidents/<n>/swimlane.svg
//   /events[?incident=<n>]     server-sent events that keep the pages live
// Anything the scope may not see is a 404, exactly like something that does not exist.
// Outside any scope, /answer/<token> is an e-mail's Accept / Decline link (answer-pages.ts),
// when the answer pages are given.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OwnerReads } from '../app/owners.ts';
import { errorLine } from '../app/error-line.ts';
import type { Logger } from '../app/ports.ts';
import { nameOf } from '../domain/directory-lookup.ts';
import { createWebAccess, type WebAccess } from './access.ts';
import { isAnswerPath, type AnswerPages } from './answer-pages.ts';
import { LIVE_SCRIPT, STYLESHEET } from './assets.ts';
import type { LiveUpdates } from './live-updates.ts';
import { send, sendNotFound } from './respond.ts';
import { route, type RouteContext, type Scoped } from './routes.ts';

/** A node handler that answers the requests it knows and returns false for the rest. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface WebDeps {
  reads: OwnerReads;
  ownerToken: string;
  /** LINK_SECRET: keys client links apart from the owner token. */
  linkSecret?: string | undefined;
  /** The base of the links shown on the pages (PUBLIC_URL, else the listening address). */
  linkBase: () => string;
  live: LiveUpdates;
  logger: Logger;
  /** The pages behind e-mail answer links; absent, /answer/ is not served (a 404). */
  answers?: AnswerPages | undefined;
}

export interface OwnersWebHandler {
  handle: WebHandler;
  access: WebAccess;
  /** Absolute URL of the owner's pages / a client's read-only pages, given the server's origin. */
  ownerUrl(origin: string): string;
  clientUrl(origin: string, clientId: string): string;
}

const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/app.css': { type: 'text/css', body: STYLESHEET },
  '/assets/live.js': { type: 'text/javascript', body: LIVE_SCRIPT },
};

export function createWebHandler(deps: WebDeps): OwnersWebHandler {
  const { reads, live } = deps;
  const access = createWebAccess(deps.ownerToken, deps.linkSecret);
  const isClient = (id: string) => reads.clients({ kind: 'owner' }).some((c) => c.id === id);
  const ctx: RouteContext = {
    reads,
    live,
    access,
    linkBase: deps.linkBase,
    name: (id) => nameOf(reads.directory(), id),
  };

  const handle: WebHandler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const asset = ASSETS[url.pathname];
    if (asset) {
      send(res, 200, asset.type, asset.body);
      return true;
    }
    if (deps.answers && isAnswerPath(url.pathname)) {
      await deps.answers.handle(req, res, url);
      return true;
    }
    const granted = access.resolve(url.pathname, isClient);
    if (!granted) {
      if (!/^\/(o|c)\//.test(url.pathname)) return false;
      sendNotFound(res);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'These pages are read-only.');
      return true;
    }
    const scopeName =
      granted.scope.kind === 'client' ? (reads.clients(granted.scope)[0]?.name ?? 'Client') : 'Owner';
    const scoped: Scoped = { scope: granted.scope, prefix: granted.prefix, scopeName, url };
    try {
      if (!(await route(ctx, req, res, scoped, granted.rest))) sendNotFound(res);
    } catch (error) {
      deps.logger.error({ error: errorLine(error), path: granted.rest }, 'owners page failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'Something went wrong on our side.');
      else res.end();
    }
    return true;
  };

  return {
    handle,
    access,
    ownerUrl: (o) => `${o}${access.ownerPrefix}/`,
    clientUrl: (o, clientId) => `${o}${access.clientPrefix(clientId)}/`,
  };
}
