// The Store port on Maps, for fast tests of the use-cases. Same contract as the Prisma
// store (test/store/store-contract.ts runs against both): values are deep copies in and
// out, a transaction works on a copy of everything and commits only if `fn` resolves,
// and transactions run one at a time (as on PGlite).

import { DuplicateDelivery } from '../app/ports.ts';
import type {
  DeadlineRows,
  IncidentFilter,
  OutboxEntry,
  OutboxRows,
  PlatformRefRows,
  PlatformRefValue,
  Store,
  StoreTx,
  StoredDeadline,
} from '../app/ports.ts';
import type { Directory, Organisation, Person, Site } from '../domain/directory.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import {
  checkEvents,
  compareDeadlines,
  compareParticipants,
  conflicts,
  openSiteKey,
  sortDirectory,
} from './save-rules.ts';

interface State {
  organisations: Map<string, Organisation>;
  people: Map<string, Person>;
  sites: Map<string, Site>;
  incidents: Map<number, Incident>;
  timelines: Map<number, TimelineEvent[]>;
  keys: Map<string, Date>;
  deadlines: Map<string, StoredDeadline>;
  outbox: Map<string, OutboxEntry>;
  /** Each value with when it was written (a lease runs from then). */
  platformRefs: Map<string, { value: PlatformRefValue; at: Date }>;
}

export function createMemoryStore(): Store {
  let state: State = {
    organisations: new Map(),
    people: new Map(),
    sites: new Map(),
    incidents: new Map(),
    timelines: new Map(),
    keys: new Map(),
    deadlines: new Map(),
    outbox: new Map(),
    platformRefs: new Map(),
  };
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The store is closed.'));
      const run = async () => {
        const working = structuredClone(state);
        const result = await fn(createTx(working));
        state = working;
        return result;
      };
      const result = queue.then(run, run);
      queue = result.catch(() => {});
      return result;
    },
    // One at a time all the same: what a statement sees and writes is as in a transaction.
    autocommit<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      return this.transaction(fn);
    },
    async close() {
      closed = true;
      await queue;
    },
  };
}

function createTx(s: State): StoreTx {
  const findOpen = (siteId: string) =>
    [...s.incidents.values()].find((i) => openSiteKey(i) === siteId) ?? null;
  return {
    async upsertDirectory(directory: Directory) {
      for (const org of directory.organisations) s.organisations.set(org.id, copy(org));
      for (const person of directory.people) {
        requireKnown(s.organisations, person.organisationId, `Organisation of ${person.id}`);
        s.people.set(person.id, copy(person));
      }
      for (const site of directory.sites) {
        requireKnown(s.organisations, site.clientId, `Client of site ${site.id}`);
        s.sites.set(site.id, copy(site));
      }
      for (const platform of ['slack', 'discord'] as const) {
        const handles = [...s.people.values()].map((p) => p.handles[platform]).filter((h) => h !== undefined);
        if (new Set(handles).size !== handles.length) throw conflicts.sharedHandle();
      }
    },
    async loadDirectory() {
      return copy(
        sortDirectory({
          organisations: [...s.organisations.values()],
          people: [...s.people.values()],
          sites: [...s.sites.values()],
        }),
      );
    },
    async loadIncident(number: number) {
      const incident = s.incidents.get(number);
      return incident ? copy(incident) : null;
    },
    async findOpenIncident(siteId: string) {
      const incident = findOpen(siteId);
      return incident ? copy(incident) : null;
    },
    async incidentNumberForRoom(platform: string, roomId: string) {
      return [...s.incidents.values()].find((i) => i.rooms[platform] === roomId)?.number;
    },
    async listIncidents(filter: IncidentFilter) {
      const matches = [...s.incidents.values()].filter(
        (i) =>
          (filter.participantId === undefined ||
            i.participants.some((p) => p.personId === filter.participantId)) &&
          (filter.siteIds === undefined || filter.siteIds.includes(i.siteId)) &&
          (filter.statuses === undefined || filter.statuses.includes(i.status)),
      );
      return copy(matches.sort((a, b) => b.number - a.number));
    },
    async nextIncidentNumber() {
      return Math.max(0, ...s.incidents.keys()) + 1;
    },
    async saveIncident(incident: Incident, events: TimelineEvent[]) {
      const previous = checkEvents(incident, events);
      const stored = s.incidents.get(incident.number);
      if (stored !== undefined && previous === 0) throw conflicts.numberTaken(incident.number);
      if ((stored?.version ?? 0) !== previous) throw conflicts.changed(incident.number);
      const open = findOpen(incident.siteId);
      if (openSiteKey(incident) !== null && open !== null && open.number !== incident.number) {
        throw conflicts.siteTaken(incident.siteId);
      }
      requireKnown(s.sites, incident.siteId, `Site of INC-${incident.number}`);
      const saved = copy(incident);
      saved.participants.sort(compareParticipants);
      saved.steps.sort((a, b) => a.number - b.number);
      saved.handoffs.sort((a, b) => a.number - b.number);
      s.incidents.set(incident.number, saved);
      s.timelines.set(incident.number, [...(s.timelines.get(incident.number) ?? []), ...copy(events)]);
    },
    async timeline(incidentNumber: number) {
      return copy(s.timelines.get(incidentNumber) ?? []);
    },
    async claimKey(key: string, at: Date) {
      if (s.keys.has(key)) return false;
      s.keys.set(key, new Date(at));
      return true;
    },
    async claimKeyOnCommit(key: string, at: Date) {
      // One transaction at a time here: a key taken is known at once.
      if (s.keys.has(key)) throw new DuplicateDelivery(key);
      s.keys.set(key, new Date(at));
    },
    async listProcessedKeys() {
      const keys = [...s.keys].map(([key, processedAt]) => ({ key, processedAt: new Date(processedAt) }));
      return keys.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || compare(a.key, b.key));
    },
    ...deadlineMethods(s),
    ...outboxMethods(s),
    ...platformRefMethods(s),
    async wipe() {
      for (const map of Object.values(s)) (map as Map<unknown, unknown>).clear();
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function deadlineMethods(s: State): DeadlineRows {
  const methods: DeadlineRows = {
    async saveDeadlines(deadlines) {
      for (const d of deadlines) s.deadlines.set(d.key, copy(d));
    },
    async cancelDeadlines(keys, at) {
      const cancelled: StoredDeadline[] = [];
      for (const key of keys) {
        const d = s.deadlines.get(key);
        if (d?.status !== 'pending') continue;
        const settled = { ...d, status: 'cancelled' as const, settledAt: new Date(at) };
        s.deadlines.set(key, settled);
        cancelled.push(copy(settled));
      }
      return cancelled;
    },
    async cancelDeadlinesOnCommit(keys, at) {
      // One transaction at a time here: what it cancels is known at once.
      const cancelled = await methods.cancelDeadlines(keys, at);
      return () => cancelled;
    },
    async loadDeadline(key) {
      const d = s.deadlines.get(key);
      return d ? copy(d) : null;
    },
    async markDeadlineFired(key, at, firedAt) {
      const d = s.deadlines.get(key);
      if (d?.status !== 'pending' || d.at.getTime() !== at.getTime()) return false;
      s.deadlines.set(key, { ...d, status: 'fired', settledAt: new Date(firedAt) });
      return true;
    },
    async listDeadlines({ status, dueBy, limit }) {
      const rows = [...s.deadlines.values()]
        .filter((d) => (status === undefined || d.status === status) && (!dueBy || d.at <= dueBy))
        .sort(compareDeadlines);
      return copy(limit === undefined ? rows : rows.slice(0, limit));
    },
  };
  return methods;
}

function outboxMethods(s: State): OutboxRows {
  const pending = (id: string) => {
    const e = s.outbox.get(id);
    return e?.status === 'pending' ? e : undefined;
  };
  return {
    async saveOutbox(entries) {
      for (const e of entries) if (!s.outbox.has(e.id)) s.outbox.set(e.id, copy(e));
    },
    async loadOutbox(id) {
      const e = s.outbox.get(id);
      return e ? copy(e) : null;
    },
    async claimOutbox(id, now, leaseUntil) {
      const e = pending(id);
      if (!e || e.nextAttemptAt > now) return null;
      const claimed = { ...e, attempts: e.attempts + 1, nextAttemptAt: new Date(leaseUntil) };
      s.outbox.set(id, claimed);
      return copy(claimed);
    },
    async renewOutboxLease(id, attempts, leaseUntil) {
      const e = pending(id);
      if (!e || e.attempts !== attempts) return false;
      s.outbox.set(id, { ...e, nextAttemptAt: new Date(leaseUntil) });
      return true;
    },
    async settleOutbox(id, status, at, error) {
      const e = pending(id);
      if (!e) return false;
      s.outbox.set(id, {
        ...e,
        status,
        settledAt: new Date(at),
        ...(error !== undefined ? { lastError: error } : {}),
      });
      return true;
    },
    async retryOutbox(id, nextAttemptAt, error) {
      const e = pending(id);
      if (!e) return false;
      s.outbox.set(id, { ...e, nextAttemptAt: new Date(nextAttemptAt), lastError: error });
      return true;
    },
    async listOutbox({ status, dueBy, limit }) {
      const rows = [...s.outbox.values()]
        .filter((e) => (status === undefined || e.status === status) && (!dueBy || e.nextAttemptAt <= dueBy))
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compare(a.id, b.id));
      return copy(limit === undefined ? rows : rows.slice(0, limit));
    },
    async pruneOutbox(settledBefore) {
      let pruned = 0;
      for (const [id, e] of s.outbox) {
        if (e.status !== 'pending' && e.settledAt && e.settledAt < settledBefore) {
          s.outbox.delete(id);
          pruned += 1;
        }
      }
      return pruned;
    },
  };
}

function platformRefMethods(s: State): PlatformRefRows {
  const id = (platform: string, key: string) => JSON.stringify([platform, key]);
  return {
    async loadPlatformRef(platform, key) {
      const stored = s.platformRefs.get(id(platform, key));
      return stored ? copy(stored.value) : null;
    },
    async savePlatformRef(platform, key, value, at) {
      s.platformRefs.set(id(platform, key), { value: copy(value), at });
    },
    async insertPlatformRef(platform, key, value, at) {
      if (s.platformRefs.has(id(platform, key))) return false;
      s.platformRefs.set(id(platform, key), { value: copy(value), at });
      return true;
    },
    async leasePlatformRef(platform, key, value, at, staleBefore) {
      const stored = s.platformRefs.get(id(platform, key));
      if (stored && stored.at >= staleBefore) return false;
      s.platformRefs.set(id(platform, key), { value: copy(value), at });
      return true;
    },
    async deletePlatformRef(platform, key) {
      s.platformRefs.delete(id(platform, key));
    },
  };
}

function requireKnown(map: Map<string, unknown>, id: string, what: string): void {
  if (!map.has(id)) throw new ValidationError(`${what} is "${id}", which is not in the directory.`);
}

/**
 * A deep copy without `undefined` members: what a database round trip gives back, so
 * tests see the same values from both stores.
 */
function copy<T>(value: T): T {
  return strip(structuredClone(value));
}

function strip<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach(strip);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) delete (value as Record<string, unknown>)[key];
      else strip(member);
    }
  }
  return value;
}
