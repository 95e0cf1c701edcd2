// The Store port on PGlite or PostgreSQL, whichever `openDatabase` picked, in our own SQL
// (sql.ts). A transaction runs straight on the pg pool where there is one (PostgreSQL, the
// PGlite folder), else as Prisma's interactive transaction (PGlite in memory: tests).
// On the pool it is deferred: its reads run alone and its writes wait in the batch, and it
// begins only when they cannot all go in one statement at the end (a read after a write, a
// write whose result it needs at once). A command, read then one statement, so needs no
// BEGIN and COMMIT: handoff pairs per second +30–55 % on PostgreSQL, +75–85 % on PGlite.
// That statement is conditional as the transaction was: the incident's version (`expect`),
// the idempotency key (its unique key: claimKeyOnCommit). And a command on an incident this
// process knows is decided on that copy, unread; the same condition checks it (known-copies.ts).

import type { IncidentFilter, Store, StoreTx, TransactionOptions } from '../app/ports.ts';
import type { Directory } from '../domain/directory.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { Database } from './database.ts';
import type * as Db from './generated/client.ts';
import type { Prisma } from './generated/client.ts';
import {
  eventRow,
  incidentData,
  projectionRows,
  toEvent,
  toIncident,
  toOrganisation,
  toPerson,
  toSite,
} from './rows.ts';
import { checkEvents, conflicts, openSiteKey, sortDirectory } from './save-rules.ts';
import {
  foreignKeyViolation,
  isTransientConflict,
  isUniqueOn,
  sqlState,
  uniqueViolation,
} from './db-errors.ts';
import { prismaDeadlineMethods, wipeAll } from './prisma-deadlines.ts';
import { prismaOutboxMethods } from './prisma-outbox.ts';
import type { ProjectionRows } from './projection-diff.ts';
import { deepFreeze, IncidentCache, type CachedIncident, type ReadRows } from './incident-cache.ts';
import { ContestedIncidents, KnownCopies, StaleCopy } from './known-copies.ts';
import { readIncident, readIncidentRows, type IncidentKey } from './incident-read.ts';
import { prismaPlatformRefMethods } from './prisma-platform-refs.ts';
import { upsertDirectoryRows } from './directory-writes.ts';
import { insertRows, insertStatement, updateStatement, type Column } from './raw-writes.ts';
import { prismaSql, whereClause, type Sql } from './sql.ts';
import { addInsert, createWriteBatch, GUARD_FAILED, type WriteBatch } from './write-batch.ts';
import { SettleQueue, type Taken } from './settle-queue.ts';
import { DuplicateDelivery } from '../app/ports.ts';
import { projectionWrites } from './projection-writes.ts';

export interface PrismaStoreOptions {
  /** How long a transaction may wait to start; PGlite runs one transaction at a time. */
  maxWaitMs?: number;
  /** How long a transaction may run before Prisma rolls it back. */
  timeoutMs?: number;
  /** How long a delivery's mark waits for a command's statement to ride on (settle-queue.ts). */
  settleWithinMs?: number;
}

export function createPrismaStore(
  db: Pick<Database, 'prisma' | 'close'> & Partial<Pick<Database, 'kind' | 'sql'>>,
  { maxWaitMs = 10_000, timeoutMs = 15_000, settleWithinMs }: PrismaStoreOptions = {},
): Store {
  let closed = false;
  const cache = new IncidentCache();
  const contested = new ContestedIncidents();
  // PostgreSQL and the PGlite folder (its socket server keeps each query's messages
  // together: pglite-batches.mjs) run autocommit work outside a transaction. PGlite in
  // memory, for tests and the memory mode, keeps to transactions.
  const autocommits = db.kind === 'postgres' || db.kind === 'pglite';
  // Our own statements go straight to the pool when there is one (sql.ts).
  const alone = db.sql ?? prismaSql(db.prisma);
  // Deliveries marked sent with the next command's statement (settle-queue.ts): on the
  // pool road, where a command's writes are one statement that can take them along.
  const settles = db.sql ? new SettleQueue(alone, settleWithinMs) : undefined;
  const store: Store = {
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      if (closed) throw new Error('The store is closed.');
      // Known copies on the pool road only, where the cache's row versions come from (known-copies.ts).
      if (options.fromKnownCopies && db.sql) {
        const copies = new KnownCopies(cache, contested);
        try {
          return await inTransaction(fn, copies);
        } catch (error) {
          if (!(await copies.explainFailure(alone, error))) throw error;
          // Decided on a copy someone had changed: nothing of it was written. Again, reading.
        }
      }
      return inTransaction(fn);
    },
    async autocommit<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (!autocommits) return store.transaction(fn);
      if (closed) throw new Error('The store is closed.');
      // Each statement commits as it goes: a mark sent is written, none to give back.
      return fn(createTx(alone, createWriteBatch(alone, { deferred: false }), cache, { settles }));
    },
    ...(settles ? { settleSentSoon: (id: string, at: Date) => settles.add(id, at) } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await settles?.close();
      await db.close();
    },
  };
  const inTransaction = async <T>(fn: (tx: StoreTx) => Promise<T>, copies?: KnownCopies): Promise<T> => {
    let claimed: string | undefined;
    const taken: Taken = [];
    try {
      const run = async (sql: Sql, begin?: () => Promise<void>) => {
        // The writes wait for the next read or for the commit (write-batch.ts), and the
        // deliveries settled meanwhile go with them (settle-queue.ts).
        const batch = createWriteBatch(sql, {
          deferred: true,
          ...(begin ? { beforeSend: begin } : {}),
          ...(settles ? { rider: () => settles.rider(taken) } : {}),
        });
        const hooks = { begin, copies, contested, settles, taken, onClaim: (key: string) => (claimed = key) };
        const tx = createTx(sql, batch, cache, hooks);
        const result = await fn(tx);
        await copies?.confirm(sql);
        await batch.flush({ last: true });
        return result;
      };
      // The pool waits for a connection as long as its connectionTimeoutMillis (adapters.ts).
      // Begun only when a command's writes take more than one statement (sql.ts).
      if (db.sql)
        return await db.sql.deferredTransaction((sql) => run(sql, () => sql.begin()), { timeoutMs });
      return await db.prisma.$transaction((tx) => run(prismaSql(tx)), {
        maxWait: maxWaitMs,
        timeout: timeoutMs,
      });
    } catch (error) {
      settles?.restore(taken); // nothing of the transaction was written
      if (error instanceof StaleCopy) throw error; // not the command's failure: run again
      // A key claimed with the writes (claimKeyOnCommit) is known taken only at commit: work
      // that failed before then, refused by a rule, may have failed because the first
      // delivery of the same event changed the incident. That is a duplicate, not a refusal.
      if (claimed !== undefined && !(error instanceof DuplicateDelivery) && (await keyTaken(claimed))) {
        throw new DuplicateDelivery(claimed, { cause: error });
      }
      // Two processes locking rows in opposite orders (a command re-arming a deadline: the
      // incident, then the deadline; a firing deadline: the deadline, then the incident):
      // PostgreSQL aborts one. Retryable.
      if (isTransientConflict(error)) {
        throw new ConflictError('another process was changing the same rows; try again', {
          cause: error,
          retryable: true,
        });
      }
      throw error;
    }
  };
  const keyTaken = async (key: string) => {
    const found = await alone.query(`SELECT 1 FROM "ProcessedKey" WHERE "key" = $1`, [key]).catch(() => []);
    return found.length > 0;
  };
  return store;
}

interface TxHooks {
  /** Begins the deferred transaction (sql.ts); absent when `sql` is a transaction or alone. */
  begin?: (() => Promise<void>) | undefined;
  /** Told the key a claimKeyOnCommit queued. */
  onClaim?: (key: string) => void;
  /** Incidents as last known here, handed out unread (known-copies.ts). */
  copies?: KnownCopies | undefined;
  /** Where a save that found its incident changed by someone else says so (known-copies.ts). */
  contested?: ContestedIncidents | undefined;
  /**
   * Deliveries settled but not yet written (settle-queue.ts), and those this transaction
   * took (absent outside a transaction: nothing to give back).
   */
  settles?: SettleQueue | undefined;
  taken?: Taken | undefined;
}

/** What a transaction read of an incident, with the row version it read (its `xmin`). */
type Read = ReadRows & { xmin?: string };

/**
 * `sql`: the road for our statements, a transaction or alone; `batch`: where a command's
 * writes wait (write-batch.ts). Every method but the writes sends the batch first, so
 * whatever it reads includes them.
 */
function createTx(sql: Sql, batch: WriteBatch, cache: IncidentCache, hooks: TxHooks): StoreTx {
  const read = new Map<number, Read>();
  const loadOne = async (key: IncidentKey) => {
    const copy = 'number' in key ? hooks.copies?.take(key.number) : undefined;
    if (copy) {
      read.set(copy.incident.number, { ...copy.rows, xmin: copy.xmin });
      return copy.incident;
    }
    const cached = 'number' in key ? cache.get(key.number) : undefined;
    const found = await readIncident(sql, key, { known: cached });
    if (!found) return null;
    let entry: CachedIncident;
    if (found.row === null && cached) {
      entry = cached; // unchanged since this process last read or wrote it
    } else if (found.row !== null) {
      const { participants, steps, handoffs, openSiteKey } = found.row;
      const rows = { participants, steps, handoffs, openSiteKey };
      entry = { xmin: found.xmin, version: found.row.version, incident: toIncident(found.row), rows };
      cache.set(entry);
    } else {
      throw new Error(`INC-${cached?.incident.number}: the server skipped rows it was not known to hold`);
    }
    read.set(entry.incident.number, { ...entry.rows, xmin: entry.xmin });
    return entry.incident;
  };
  /**
   * Once a save is sent: what this transaction wrote, under its id (`xid`), which a row
   * carries only once it commits (incident-cache.ts).
   */
  const remember = (incident: Incident, rows: ReadRows, xid: string) => {
    cache.set({ xmin: xid, version: incident.version, incident, rows });
  };
  const deadlines = prismaDeadlineMethods(sql, batch);
  const loadIncident = (number: number) => loadOne({ number });
  const findOpenIncident = (siteId: string) => loadOne({ openSiteKey: siteId });
  const methods: StoreTx = {
    upsertDirectory: (directory) => upsertDirectory(sql, directory),
    async loadDirectory() {
      // One after the other: a transaction is one connection (pg warns on overlapping queries).
      const organisations = await sql.query<Db.Organisation>(`SELECT * FROM "Organisation"`);
      const people = await sql.query<Db.Person>(`SELECT * FROM "Person"`);
      const sites = await sql.query<Db.Site>(`SELECT * FROM "Site"`);
      // Sorted in JS: the database's collation may order ids differently from the memory store.
      return sortDirectory({
        organisations: organisations.map(toOrganisation),
        people: people.map(toPerson),
        sites: sites.map(toSite),
      });
    },
    loadIncident,
    findOpenIncident,
    listIncidents: (filter: IncidentFilter) => loadIncidents(sql, filter, read),
    async incidentNumberForRoom(platform: string, roomId: string) {
      // Raw SQL on the path of every chat command and room message: a model query costs a
      // pass through Prisma's query compiler each time (0.35 against 0.14 ms of CPU here).
      // Containment, so the rooms' GIN index answers it rather than a scan of every incident.
      const [found] = await sql.query<{ number: number }>(
        `SELECT "number" FROM "Incident" WHERE "rooms" @> jsonb_build_object($1::text, $2::text) LIMIT 1`,
        [platform, roomId],
      );
      return found?.number;
    },
    async nextIncidentNumber() {
      const [row] = await sql.query<{ next: number }>(
        `SELECT (COALESCE(MAX("number"), 0) + 1)::int AS "next" FROM "Incident"`,
      );
      return row!.next;
    },
    saveIncident: (incident, events) =>
      saveIncident(
        sql,
        batch,
        { incident, events, cached: cache.get(incident.number)?.incident },
        read,
        remember,
        hooks,
      ),
    async timeline(incidentNumber: number) {
      const rows = await sql.query<Db.TimelineEvent>(
        `SELECT * FROM "TimelineEvent" WHERE "incidentNumber" = $1 ORDER BY "seq"`,
        [incidentNumber],
      );
      return rows.map(toEvent);
    },
    async claimKey(key: string, at: Date) {
      // ON CONFLICT DO NOTHING: a repeat is not an error, so the transaction stays usable.
      // Raw SQL, as every chat command claims one (0.75 against 0.32 ms of CPU as createMany).
      const rows = [{ key, processedAt: at }];
      const count = await insertRows(sql, 'ProcessedKey', KEY_COLUMNS, rows, {
        onConflict: 'ON CONFLICT DO NOTHING',
      });
      return count === 1;
    },
    async claimKeyOnCommit(key: string, at: Date) {
      hooks.onClaim?.(key);
      // No ON CONFLICT: a key recorded before fails the whole batch, so nothing is written.
      await addInsert(batch, 'ProcessedKey', KEY_COLUMNS, [{ key, processedAt: at }], {
        explain: (error) => {
          if (isUniqueOn(uniqueViolation(error), 'ProcessedKey', 'key')) {
            throw new DuplicateDelivery(key, { cause: error });
          }
        },
      });
    },
    listProcessedKeys: () =>
      sql.query<{ key: string; processedAt: Date }>(
        `SELECT "key", "processedAt" FROM "ProcessedKey" ORDER BY "processedAt", "key"`,
      ),
    ...deadlines,
    async cancelDeadlines(keys, at) {
      // It writes at once (it returns what it cancelled), so not alone.
      if (keys.length > 0) await hooks.begin?.();
      return deadlines.cancelDeadlines(keys, at);
    },
    ...prismaOutboxMethods(sql, batch, hooks.settles && { queue: hooks.settles, taken: hooks.taken }),
    ...prismaPlatformRefMethods(sql),
    wipe: async () => {
      cache.clear();
      await wipeAll(sql);
    },
  };
  return sendingBatchFirst(methods, batch, hooks.begin);
}

/** The methods that add to the batch, or send it themselves only when they must. */
const BATCHED = new Set<string>([
  'saveIncident',
  'saveOutbox',
  'saveDeadlines',
  'cancelDeadlines',
  'cancelDeadlinesOnCommit',
  'claimKeyOnCommit',
]);

/** The methods that only read: in a deferred transaction they run alone until it begins. */
const READS = new Set<string>([
  'loadDirectory',
  'loadIncident',
  'findOpenIncident',
  'listIncidents',
  'incidentNumberForRoom',
  'nextIncidentNumber',
  'timeline',
  'listProcessedKeys',
  'loadDeadline',
  'listDeadlines',
  'loadOutbox',
  'listOutbox',
  'loadPlatformRef',
]);

/**
 * Every method but the batched ones sends the batch first, so whatever it reads includes
 * the writes; every one that writes at once begins the deferred transaction (`begin`) first.
 */
function sendingBatchFirst(methods: StoreTx, batch: WriteBatch, begin?: () => Promise<void>): StoreTx {
  const wrapped: Record<string, unknown> = { ...methods };
  for (const [name, method] of Object.entries(methods)) {
    if (BATCHED.has(name) || typeof method !== 'function') continue;
    const call = method as (...args: unknown[]) => Promise<unknown>;
    const writes = !READS.has(name);
    wrapped[name] = async (...args: unknown[]) => {
      if (writes) await begin?.();
      await batch.flush();
      return call(...args);
    };
  }
  return wrapped as unknown as StoreTx;
}

/** Incidents with their projection rows, newest first, in one statement (incident-read.ts). */
async function loadIncidents(sql: Sql, filter: IncidentFilter, read: Map<number, Read>): Promise<Incident[]> {
  const { participantId, siteIds, statuses } = filter;
  if (siteIds?.length === 0 || statuses?.length === 0) return []; // `IN ()` holds for none
  const { where, params } = whereClause([
    participantId !== undefined && [
      `EXISTS (SELECT 1 FROM "Participant" p WHERE p."incidentNumber" = i."number" AND p."personId" = $?)`,
      participantId,
    ],
    // Arrays as JSON text: the one form both roads pass alike (a Prisma raw query, pg).
    siteIds !== undefined && [
      `i."siteId" IN (SELECT jsonb_array_elements_text($?::jsonb))`,
      JSON.stringify(siteIds),
    ],
    statuses !== undefined && [
      `i."status"::text IN (SELECT jsonb_array_elements_text($?::jsonb))`,
      JSON.stringify(statuses),
    ],
  ]);
  const rows = await readIncidentRows(sql, where, params);
  return rows.map((row) => {
    const { participants, steps, handoffs, openSiteKey } = row;
    read.set(row.number, { participants, steps, handoffs, openSiteKey });
    return toIncident(row);
  });
}

async function upsertDirectory(sql: Sql, directory: Directory): Promise<void> {
  try {
    await upsertDirectoryRows(sql, sortDirectory(directory)); // sorted: a stable lock order
  } catch (error) {
    const violation = uniqueViolation(error);
    if (isUniqueOn(violation, 'Person', 'slackId') || isUniqueOn(violation, 'Person', 'discordId')) {
      throw conflicts.sharedHandle(error);
    }
    const missing = foreignKeyViolation(error);
    if (missing !== null) {
      const message = `The directory refers to an organisation it does not contain (${missing.constraint}).`;
      throw new ValidationError(message, { cause: error });
    }
    throw error;
  }
}

/**
 * `cached`: the incident as this process last saved or read it (frozen), which the incident
 * to save shares its unchanged parts with (evolve.ts copies only what an event changes).
 */
async function saveIncident(
  sql: Sql,
  batch: WriteBatch,
  { incident, events, cached }: { incident: Incident; events: TimelineEvent[]; cached: Incident | undefined },
  read: Map<number, Read>,
  remember: (incident: Incident, rows: ReadRows, xid: string) => void,
  { copies, contested }: Pick<TxHooks, 'copies' | 'contested'>,
): Promise<void> {
  // The checks below read incidents, and must see those this transaction wrote before.
  await batch.flushFor('Incident');
  const previous = checkEvents(incident, events);
  const known = previous === 0 ? undefined : read.get(incident.number);

  // Every check that can refuse before the first write, so a refused save leaves the
  // transaction usable; but no read that cannot refuse. A known incident's version is
  // checked by the update itself (conditional on it, so it matches nothing if anyone wrote
  // since, and nothing aborts), and its open-site key only when this save sets it anew.
  if (previous === 0) {
    const [stored] = await sql.query(`SELECT 1 FROM "Incident" WHERE "number" = $1`, [incident.number]);
    if (stored !== undefined) throw conflicts.numberTaken(incident.number);
  }
  const siteKey = openSiteKey(incident);
  if (siteKey !== null && (known === undefined || known.openSiteKey !== siteKey)) {
    // Only the number: the whole open incident (four queries) is not needed to compare it.
    const [open] = await sql.query<{ number: number }>(
      `SELECT "number" FROM "Incident" WHERE "openSiteKey" = $1`,
      [siteKey],
    );
    if (open !== undefined && open.number !== incident.number) throw conflicts.siteTaken(incident.siteId);
  }

  // Frozen now rather than when cached (incident-cache.ts), so its rows are built only for
  // what changed since `cached`, found by identity (rows.ts). Nothing changes a saved incident.
  deepFreeze(incident, cached);
  const after: ProjectionRows = projectionRows(incident, cached);
  const changed = (cause?: unknown) => {
    contested?.mark(incident.number); // read first for a while: someone else writes it too
    return conflicts.changed(incident.number, cause);
  };
  const explain = (error: unknown) => explainSaveFailure(error, incident, previous, changed);
  const data = incidentData(incident);
  const rows = { ...after, openSiteKey: siteKey };
  const sent = (xid: string) => remember(incident, rows, xid);
  // What this transaction read is what is stored: the version check would fail had anyone
  // written in between. So the writes can wait in the batch, to be sent in one statement
  // with the rest of the command's (write-batch.ts), even without a transaction around it;
  // a new incident's row with them, as foreign keys are checked at the end of the statement.
  if (previous === 0) {
    await batch.add({
      table: 'Incident',
      ...insertStatement('Incident', NEW_INCIDENT_COLUMNS, [data]),
      explain,
      sent,
    });
  } else {
    // Conditional on the version the command decided on: no separate read of it. The
    // statement itself fails unless it matched (`expect`), so none of the batch is written.
    // (The timeline's key would refuse the events too: a version is its last event's seq.)
    // And on the row version read, when it was read: a restore elsewhere may rebuild the
    // incident under the same version; so a copy known here is checked as a read would.
    const sameVersion = [
      { name: 'number' as const, cast: 'int', value: incident.number },
      { name: 'version' as const, cast: 'int', value: previous },
    ];
    const update = updateStatement('Incident', INCIDENT_COLUMNS, data, sameVersion);
    if (known?.xmin !== undefined) {
      update.params.push(known.xmin);
      update.text += ` AND "xmin"::text = $${update.params.length}::text`;
      copies?.checkedBySave(incident.number);
    }
    await batch.add({
      table: 'Incident',
      ...update,
      expect: 1,
      check: (count) => {
        if (count !== 1) throw changed();
      },
      explain,
      sent,
    });
  }
  await addInsert(batch, 'TimelineEvent', EVENT_COLUMNS, events.map(eventRow), { explain });
  // An incident this transaction did not read has its rows replaced whole.
  const before = previous === 0 ? EMPTY : known;
  for (const write of projectionWrites(incident.number, before, after))
    await batch.add({ ...write, explain });
  read.set(incident.number, rows);
}

/** Throws the conflict or refusal a failed save's database error means, if it means one. */
function explainSaveFailure(
  error: unknown,
  incident: Incident,
  previous: number,
  changed: (cause: unknown) => Error,
): void {
  if (sqlState(error) === GUARD_FAILED) throw changed(error);
  const violation = uniqueViolation(error);
  if (isUniqueOn(violation, 'Incident', 'openSiteKey')) throw conflicts.siteTaken(incident.siteId, error);
  if (violation !== null && previous === 0) throw conflicts.numberTaken(incident.number, error); // raced on the number
  if (violation !== null) throw changed(error); // a row's key: a concurrent writer
  if (foreignKeyViolation(error) !== null) {
    const message = `Site of INC-${incident.number} is "${incident.siteId}", which is not in the directory.`;
    throw new ValidationError(message, { cause: error });
  }
}

const EMPTY: ProjectionRows = { participants: [], steps: [], handoffs: [] };

/** Every column but the key, as an update writes them (raw-writes.ts). */
const INCIDENT_COLUMNS: Array<Column<Prisma.IncidentUncheckedCreateInput>> = [
  { name: 'siteId', cast: 'text' },
  { name: 'title', cast: 'text' },
  { name: 'severity', cast: 'text::"Severity"' },
  { name: 'status', cast: 'text::"IncidentStatus"' },
  { name: 'coordinatorId', cast: 'text' },
  { name: 'reporterId', cast: 'text' },
  { name: 'openedAt', cast: 'timestamp(3)' },
  { name: 'resolvedAt', cast: 'timestamp(3)' },
  { name: 'rooms', cast: 'jsonb' },
  { name: 'version', cast: 'int' },
  { name: 'openSiteKey', cast: 'text' },
];

/** A new incident's row: its key, then every other column. */
const NEW_INCIDENT_COLUMNS: Array<Column<Prisma.IncidentUncheckedCreateInput>> = [
  { name: 'number', cast: 'int' },
  ...INCIDENT_COLUMNS,
];

const KEY_COLUMNS: Array<Column<Prisma.ProcessedKeyCreateManyInput>> = [
  { name: 'key', cast: 'text' },
  { name: 'processedAt', cast: 'timestamp(3)' },
];

const EVENT_COLUMNS: Array<Column<Prisma.TimelineEventCreateManyInput>> = [
  { name: 'incidentNumber', cast: 'int' },
  { name: 'seq', cast: 'int' },
  { name: 'at', cast: 'timestamp(3)' },
  { name: 'actorId', cast: 'text' },
  { name: 'type', cast: 'text' },
  { name: 'payload', cast: 'jsonb' },
];
