// Read use-cases for the owners' web pages (issue 7): the incident list with filters,
// one incident with its timeline, and its summary. Every read takes a scope: the owner
// sees everything; a client sees only incidents on its own sites (design §1.5), and
// another client's incident is indistinguishable from one that does not exist.

import { adviseCredit, type CreditAdvice } from '../domain/credit-advice.ts';
import { monthsOf } from '../domain/credits.ts';
import { timeZoneOf } from '../domain/time-zone.ts';
import type { Directory, Organisation } from '../domain/directory.ts';
import { nameOf } from '../domain/directory-lookup.ts';
import type { Incident, IncidentStatus } from '../domain/incident-types.ts';
import { summarise } from '../domain/summary.ts';
import { summaryToJson } from '../domain/summary-json.ts';
import { renderSummaryMarkdown } from '../domain/summary-markdown.ts';
import type { Summary } from '../domain/summary-types.ts';
import { describeEvent } from '../domain/timeline-text.ts';
import { channelsOf, type Channel } from '../domain/channels.ts';
import type { AppDeps } from './deps.ts';
import { readEmailStatus, type EmailStatus } from './email-status.ts';
import { toIncidentView, type IncidentView } from './incident-view.ts';

export type OwnerScope = { kind: 'owner' } | { kind: 'client'; clientId: string };

export interface IncidentListFilter {
  clientId?: string | undefined;
  siteId?: string | undefined;
  status?: IncidentStatus | undefined;
  /** `YYYY-MM`: incidents that were open at some point in that month (UTC). */
  month?: string | undefined;
}

export interface IncidentRow {
  number: number;
  ref: string;
  title: string;
  siteId: string;
  siteName: string;
  clientId: string;
  clientName: string;
  severity: string;
  status: IncidentStatus;
  openedAt: Date;
  resolvedAt?: Date | undefined;
  coordinatorName: string;
  /** Who holds the steps that are not done, in step order, each once. */
  holders: string[];
  pendingHandoffs: number;
}

export interface TimelineEntry {
  seq: number;
  at: Date;
  type: string;
  text: string;
}

export interface IncidentDetail {
  view: IncidentView;
  clientId: string;
  clientName: string;
  timeline: TimelineEntry[];
  summary: Summary;
  credit: CreditAdvice | undefined;
  now: Date;
  /** The provider's zone: the pages show times in it. */
  timeZone: string;
  /** How each participant is reached; only for the owner (a client link does not show it). */
  reach: ParticipantReach[];
}

/** The channels a participant is reached on and, when e-mail is one, what became of the last one. */
export interface ParticipantReach {
  personId: string;
  channels: Channel[];
  lastEmail?: EmailStatus | undefined;
}

export interface SummaryRead {
  markdown: string;
  json: Record<string, unknown>;
}

export type OwnerReadDeps = Pick<AppDeps, 'store' | 'clock' | 'directory'> & {
  /** The platforms people are reached on (slack, discord, console, email); absent: not shown. */
  channels?: readonly Channel[];
};

export interface OwnerReads {
  listIncidents(scope: OwnerScope, filter: IncidentListFilter): Promise<IncidentRow[]>;
  /** Null when there is no such incident or the scope may not see it. */
  incident(scope: OwnerScope, number: number): Promise<IncidentDetail | null>;
  /** Whether the scope may see this incident (cheap: no timeline). */
  canSee(scope: OwnerScope, number: number): Promise<boolean>;
  summary(scope: OwnerScope, number: number): Promise<SummaryRead | null>;
  /** Client organisations the scope may see (one for a client, all for the owner). */
  clients(scope: OwnerScope): Organisation[];
  directory(): Directory;
  now(): Date;
}

const clientOf = (directory: Directory, siteId: string) =>
  directory.sites.find((s) => s.id === siteId)?.clientId ?? '';

function visible(scope: OwnerScope, directory: Directory, incident: Incident): boolean {
  return scope.kind === 'owner' || clientOf(directory, incident.siteId) === scope.clientId;
}

function toRow(incident: Incident, directory: Directory): IncidentRow {
  const site = directory.sites.find((s) => s.id === incident.siteId);
  const clientId = site?.clientId ?? '';
  const holders = incident.steps.filter((s) => s.status !== 'done').map((s) => nameOf(directory, s.ownerId));
  return {
    number: incident.number,
    ref: `INC-${incident.number}`,
    title: incident.title,
    siteId: incident.siteId,
    siteName: site?.name ?? incident.siteId,
    clientId,
    clientName: directory.organisations.find((o) => o.id === clientId)?.name ?? clientId,
    severity: incident.severity,
    status: incident.status,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    coordinatorName: nameOf(directory, incident.coordinatorId),
    holders: [...new Set(holders)],
    pendingHandoffs: incident.handoffs.filter((h) => h.status === 'pending').length,
  };
}

/** The sites whose incidents match the scope and the client/site filters; undefined: all. */
function siteIdsFor(
  scope: OwnerScope,
  filter: IncidentListFilter,
  directory: Directory,
): string[] | undefined {
  const clientIds = [scope.kind === 'client' ? scope.clientId : undefined, filter.clientId].filter(
    (c): c is string => c !== undefined,
  );
  if (clientIds.length === 0 && filter.siteId === undefined) return undefined;
  return directory.sites
    .filter((s) => clientIds.every((c) => s.clientId === c))
    .filter((s) => filter.siteId === undefined || s.id === filter.siteId)
    .map((s) => s.id);
}

export function createOwnerReads(deps: OwnerReadDeps): OwnerReads {
  async function load(scope: OwnerScope, number: number) {
    const found = await deps.store.transaction(async (tx) => {
      const incident = await tx.loadIncident(number);
      return incident ? { incident, events: await tx.timeline(number) } : null;
    });
    return found && visible(scope, deps.directory(), found.incident) ? found : null;
  }

  async function reachOf(incident: Incident): Promise<ParticipantReach[]> {
    const configured = deps.channels ?? [];
    if (configured.length === 0) return [];
    const directory = deps.directory();
    return deps.store.transaction((tx) =>
      Promise.all(
        incident.participants.map(async ({ personId }) => {
          const person = directory.people.find((p) => p.id === personId);
          const channels = person ? channelsOf(person, configured) : [];
          const lastEmail = channels.includes('email')
            ? await readEmailStatus(tx, incident.number, personId)
            : undefined;
          return { personId, channels, lastEmail };
        }),
      ),
    );
  }

  return {
    async listIncidents(scope, filter) {
      const directory = deps.directory();
      const siteIds = siteIdsFor(scope, filter, directory);
      if (siteIds?.length === 0) return [];
      const incidents = await deps.store.transaction((tx) =>
        tx.listIncidents({
          ...(siteIds ? { siteIds } : {}),
          ...(filter.status ? { statuses: [filter.status] } : {}),
        }),
      );
      const now = deps.clock.now();
      return incidents
        .filter((i) => visible(scope, directory, i))
        .filter(
          (i) =>
            filter.month === undefined ||
            monthsOf([{ from: i.openedAt, to: i.resolvedAt }], now).includes(filter.month),
        )
        .map((i) => toRow(i, directory));
    },

    async incident(scope, number) {
      const found = await load(scope, number);
      if (!found) return null;
      const directory = deps.directory();
      const now = deps.clock.now();
      const view = toIncidentView(found.incident, directory, now);
      const clientId = clientOf(directory, found.incident.siteId);
      const summary = summarise(found.events);
      return {
        view,
        clientId,
        clientName: directory.organisations.find((o) => o.id === clientId)?.name ?? clientId,
        timeline: found.events.map((e) => ({
          seq: e.seq,
          at: e.at,
          type: e.type,
          text: describeEvent(e, directory),
        })),
        summary,
        // The credit advice is for the owner, who offers it; a client link does not show it.
        credit: scope.kind === 'owner' ? adviseCredit(summary, directory, now) : undefined,
        now,
        timeZone: timeZoneOf(directory),
        reach: scope.kind === 'owner' ? await reachOf(found.incident) : [],
      };
    },

    async canSee(scope, number) {
      if (scope.kind === 'owner') return true;
      const incident = await deps.store.transaction((tx) => tx.loadIncident(number));
      return incident !== null && visible(scope, deps.directory(), incident);
    },

    async summary(scope, number) {
      const found = await load(scope, number);
      if (!found) return null;
      const summary = summarise(found.events);
      const now = deps.clock.now();
      const owner = scope.kind === 'owner';
      const json = summaryToJson(summary, deps.directory(), now);
      return {
        markdown: renderSummaryMarkdown(summary, deps.directory(), now, { credit: owner }),
        json: owner ? json : { ...json, credit: null },
      };
    },

    clients(scope) {
      const clients = deps.directory().organisations.filter((o) => o.kind === 'client');
      return scope.kind === 'owner' ? clients : clients.filter((o) => o.id === scope.clientId);
    },

    directory: () => deps.directory(),
    now: () => deps.clock.now(),
  };
}
