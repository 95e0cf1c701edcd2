// The owners' pages, route by route, for a request whose scope is already granted.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IncidentListFilter, OwnerReads, OwnerScope } from '../app/owners.ts';
import type { IncidentStatus } from '../domain/incident-types.ts';
import type { WebAccess } from './access.ts';
import type { LiveUpdates } from './live-updates.ts';
import { renderIncidentPage } from './pages/incident-page.ts';
import { renderListPage } from './pages/list-page.ts';
import { renderSummaryPage } from './pages/summary-page.ts';
import { send } from './respond.ts';
import { renderSwimlane } from './swimlane.ts';

export interface RouteContext {
  reads: OwnerReads;
  live: LiveUpdates;
  access: WebAccess;
  /** Where links point: PUBLIC_URL, else the listening address (never the request's Host). */
  linkBase: () => string;
  name: (personId: string) => string;
}

export interface Scoped {
  scope: OwnerScope;
  prefix: string;
  scopeName: string;
  url: URL;
}

const STATUSES = new Set<string>(['open', 'mitigated', 'resolved']);

function listFilter(url: URL, scope: OwnerScope): IncidentListFilter {
  const get = (k: string) => url.searchParams.get(k) || undefined;
  const status = get('status');
  const month = get('month');
  return {
    clientId: scope.kind === 'owner' ? get('client') : undefined,
    siteId: get('site'),
    status: status && STATUSES.has(status) ? (status as IncidentStatus) : undefined,
    month: month && /^\d{4}-\d{2}$/.test(month) ? month : undefined,
  };
}

async function listPage(ctx: RouteContext, res: ServerResponse, s: Scoped): Promise<void> {
  const { reads, access } = ctx;
  const filter = listFilter(s.url, s.scope);
  const rows = await reads.listIncidents(s.scope, filter);
  const clients = reads.clients(s.scope);
  const clientLinks =
    s.scope.kind === 'owner'
      ? clients.map((client) => ({ client, url: `${ctx.linkBase()}${access.clientPrefix(client.id)}/` }))
      : [];
  const page = renderListPage({
    ...s,
    rows,
    filter,
    clients,
    directory: reads.directory(),
    now: reads.now(),
    clientLinks,
  });
  send(res, 200, 'text/html', page);
}

async function incidentRoute(
  ctx: RouteContext,
  res: ServerResponse,
  s: Scoped,
  number: number,
  view: string,
): Promise<boolean> {
  const { reads, name } = ctx;
  if (view === '') {
    const detail = await reads.incident(s.scope, number);
    if (!detail) return false;
    send(res, 200, 'text/html', renderIncidentPage({ ...s, detail, name }));
    return true;
  }
  if (view === '/swimlane.svg' || view === '/summary') {
    const detail = await reads.incident(s.scope, number);
    if (!detail) return false;
    if (view === '/swimlane.svg') {
      const svg = renderSwimlane({
        summary: detail.summary,
        name,
        now: detail.now,
        timeZone: detail.timeZone,
      });
      send(res, 200, 'image/svg+xml', svg);
      return true;
    }
    const summary = await reads.summary(s.scope, number);
    if (!summary) return false;
    send(res, 200, 'text/html', renderSummaryPage({ ...s, detail, summary, name }));
    return true;
  }
  if (view === '/summary.json' || view === '/summary.md') {
    const summary = await reads.summary(s.scope, number);
    if (!summary) return false;
    if (view === '/summary.md') send(res, 200, 'text/markdown', summary.markdown);
    else send(res, 200, 'application/json', JSON.stringify(summary.json, null, 2));
    return true;
  }
  return false;
}

async function events(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  s: Scoped,
): Promise<boolean> {
  const { reads, live } = ctx;
  const only = s.url.searchParams.get('incident');
  const number = only === null ? undefined : Number(only);
  if (number !== undefined && !(Number.isInteger(number) && (await reads.canSee(s.scope, number))))
    return false;
  live.open(req, res, async (changed) =>
    number === undefined ? reads.canSee(s.scope, changed) : changed === number,
  );
  return true;
}

/** Answers one request under a granted scope; false when nothing is there (a 404). */
export async function route(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  s: Scoped,
  rest: string,
): Promise<boolean> {
  if (rest === '/' || rest === '') {
    await listPage(ctx, res, s);
    return true;
  }
  if (rest === '/events') return events(ctx, req, res, s);
  const m = /^\/incidents\/(\d{1,9})(\/[a-z.]+)?$/.exec(rest);
  if (m) return incidentRoute(ctx, res, s, Number(m[1]), m[2] ?? '');
  return false;
}
