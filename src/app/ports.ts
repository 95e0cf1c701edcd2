// The ports the core owns (design.md §4). Adapters implement them; only main.ts wires them.

import type { Directory } from '../domain/directory.ts';
import type { Incident, IncidentStatus } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';

/** The only source of "now" in the core, so tests can control time. */
export interface Clock {
  now(): Date;
}

export interface IncidentFilter {
  /** Only incidents this person participates in. */
  participantId?: string;
  siteIds?: string[];
  statuses?: IncidentStatus[];
}

/** Thrown by a transaction when the platform delivered this event before (its key is taken). */
export class DuplicateDelivery extends Error {}

/** One database transaction: everything written through it commits together or not at all. */
export interface StoreTx {
  /** Inserts or updates every organisation, person and site; never deletes (timelines may name them). */
  upsertDirectory(directory: Directory): Promise<void>;
  /** The directory as stored. */
  loadDirectory(): Promise<Directory>;
  /** The incident with this number, or null. */
  loadIncident(number: number): Promise<Incident | null>;
  /** The site's incident that is not resolved, or null (there is at most one). */
  findOpenIncident(siteId: string): Promise<Incident | null>;
  /** Incidents matching the filter, newest first. */
  listIncidents(filter: IncidentFilter): Promise<Incident[]>;
  /** The number of the incident whose room on `platform` is `roomId`, or undefined; nothing else is read. */
  incidentNumberForRoom(platform: string, roomId: string): Promise<number | undefined>;
  /** The number the next opened incident gets (1 for the first). */
  nextIncidentNumber(): Promise<number>;
  /**
   * Appends `events` to the incident's timeline and writes `incident` as its new projection.
   * `incident.version` must equal the last event's seq; throws ConflictError when the stored
   * version is not `incident.version - events.length` (someone else wrote in between) or when
   * a second open incident for the same site would appear.
   */
  saveIncident(incident: Incident, events: TimelineEvent[]): Promise<void>;
  /** The incident's timeline in sequence order. */
  timeline(incidentNumber: number): Promise<TimelineEvent[]>;
  /** Records an idempotency key. Returns false when it was recorded before. */
  claimKey(key: string, at: Date): Promise<boolean>;
  /**
   * Records an idempotency key with the transaction's writes: when it was recorded before,
   * the transaction fails with DuplicateDelivery (at the latest when it commits) and
   * nothing of it is written.
   */
  claimKeyOnCommit(key: string, at: Date): Promise<void>;
  /** Every idempotency key recorded, oldest first (for backups). */
  listProcessedKeys(): Promise<ProcessedKey[]>;
  /** Writes these deadline rows as given, replacing any row with the same key (arming is status pending). */
  saveDeadlines(deadlines: StoredDeadline[]): Promise<void>;
  /** Marks the pending deadlines with these keys cancelled and returns them; other keys are ignored. */
  cancelDeadlines(keys: string[], at: Date): Promise<StoredDeadline[]>;
  /**
   * As cancelDeadlines, with the transaction's other writes: what it cancelled is known
   * once the transaction has committed, from the function it returns (called before, it throws).
   */
  cancelDeadlinesOnCommit(keys: string[], at: Date): Promise<() => StoredDeadline[]>;
  /** The deadline row with this key, or null. */
  loadDeadline(key: string): Promise<StoredDeadline | null>;
  /**
   * Settles the pending row with this key *and* this `at` as fired. False when there is none
   * (answered, re-armed to another time, or fired already): the caller must then do nothing.
   */
  markDeadlineFired(key: string, at: Date, firedAt: Date): Promise<boolean>;
  /** Deadline rows matching the filter, earliest `at` first (ties by key). */
  listDeadlines(filter: DeadlineFilter): Promise<StoredDeadline[]>;
  /** Writes these outbox entries; an id written before keeps its row as it is. */
  saveOutbox(entries: OutboxEntry[]): Promise<void>;
  /** The outbox entry with this id, or null. */
  loadOutbox(id: string): Promise<OutboxEntry | null>;
  /**
   * Takes the pending entry due by `now` for one attempt: counts the attempt and moves its
   * next attempt to `leaseUntil`, so no other worker takes it meanwhile. Null when it is
   * not pending or not due (sent, failed, or another worker holds it).
   */
  claimOutbox(id: string, now: Date, leaseUntil: Date): Promise<OutboxEntry | null>;
  /**
   * Moves the lease of the attempt in progress to `leaseUntil`, while the entry is pending and
   * `attempts` still counts that attempt (no other worker took it since). False otherwise.
   */
  renewOutboxLease(id: string, attempts: number, leaseUntil: Date): Promise<boolean>;
  /** Settles the pending entry as sent or failed (with its reason); false when it was not pending. */
  settleOutbox(id: string, status: 'sent' | 'failed', at: Date, error?: string): Promise<boolean>;
  /** Leaves the pending entry pending until `nextAttemptAt`, noting why; false when it was not pending. */
  retryOutbox(id: string, nextAttemptAt: Date, error: string): Promise<boolean>;
  /** Outbox entries matching the filter, earliest next attempt first (ties by id). */
  listOutbox(filter: OutboxFilter): Promise<OutboxEntry[]>;
  /** Deletes the sent and failed entries settled before `settledBefore`; returns how many. Pending ones stay. */
  pruneOutbox(settledBefore: Date): Promise<number>;
  /** The platform reference stored under this key, or null. */
  loadPlatformRef(platform: string, key: string): Promise<PlatformRefValue | null>;
  /** Stores the reference, replacing any under the same key. */
  savePlatformRef(platform: string, key: string, value: PlatformRefValue, at: Date): Promise<void>;
  /** Stores the reference unless one is stored under the key; false (and nothing written) if one is. */
  insertPlatformRef(platform: string, key: string, value: PlatformRefValue, at: Date): Promise<boolean>;
  /**
   * Stores the reference unless one stored under the key was written at or after
   * `staleBefore` (a lease: one that ran out is taken over); false (and nothing written) if so.
   */
  leasePlatformRef(
    platform: string,
    key: string,
    value: PlatformRefValue,
    at: Date,
    staleBefore: Date,
  ): Promise<boolean>;
  /** Forgets the reference; nothing happens when there is none. */
  deletePlatformRef(platform: string, key: string): Promise<void>;
  /** Deletes every row: directory, incidents, timelines, deadlines, keys, outbox, platform refs. Only a restore uses it. */
  wipe(): Promise<void>;
}

/** The slices of a transaction each store implements in a file of its own (memory and Prisma alike). */
export type DeadlineRows = Pick<
  StoreTx,
  | 'saveDeadlines'
  | 'cancelDeadlines'
  | 'cancelDeadlinesOnCommit'
  | 'loadDeadline'
  | 'markDeadlineFired'
  | 'listDeadlines'
>;
export type OutboxRows = Pick<
  StoreTx,
  | 'saveOutbox'
  | 'loadOutbox'
  | 'claimOutbox'
  | 'renewOutboxLease'
  | 'settleOutbox'
  | 'retryOutbox'
  | 'listOutbox'
  | 'pruneOutbox'
>;
export type PlatformRefRows = Pick<
  StoreTx,
  'loadPlatformRef' | 'savePlatformRef' | 'insertPlatformRef' | 'leasePlatformRef' | 'deletePlatformRef'
>;

export interface ProcessedKey {
  key: string;
  processedAt: Date;
}

export interface DeadlineFilter {
  status?: DeadlineStatus;
  /** Only deadlines whose `at` is at or before this moment. */
  dueBy?: Date;
  limit?: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** What an outbox entry asks its platform to do. */
export type OutboxEffect = { kind: 'notify'; notification: Notification } | { kind: 'incidentChanged' };

/** One outgoing effect of a committed change, for one platform: the durable half of a delivery. */
export interface OutboxEntry {
  /** Idempotency key `<incident>:<seq>:<platform>:<n>`. */
  id: string;
  /** The name of the notifier that delivers it (console, slack, discord, web). */
  platform: string;
  incidentNumber: number;
  effect: OutboxEffect;
  /** False for messages that report a failed delivery: their own failure is only logged. */
  reportFailure: boolean;
  status: OutboxStatus;
  /** Attempts started so far. */
  attempts: number;
  /** Not before this moment; while an attempt runs, the end of its lease. */
  nextAttemptAt: Date;
  lastError?: string;
  createdAt: Date;
  settledAt?: Date;
}

/**
 * What a platform adapter must find again after a restart: the status message it keeps up
 * to date (channel + ts, thread + message id), a handoff request's message, who was added
 * to a room. Opaque to the core; each adapter validates what it reads back.
 */
export type PlatformRefValue = Record<string, unknown>;

export interface OutboxFilter {
  status?: OutboxStatus;
  /** Only entries whose next attempt is at or before this moment. */
  dueBy?: Date;
  limit?: number;
}

export interface TransactionOptions {
  /**
   * `fn` may be handed an incident as this process last read or wrote it, without reading it
   * again: the store checks that copy before anything commits (a save's version check, else
   * a read) and, if someone changed the incident meanwhile, runs `fn` again on a fresh read,
   * the first try's writes undone. So `fn` must have no effect outside the transaction.
   */
  fromKnownCopies?: boolean;
}

export interface Store {
  /**
   * Runs `fn` in one transaction; if it throws, nothing it wrote remains. Each read sees
   * what is committed when it runs (READ COMMITTED), so a store may run the reads before the
   * first write outside the transaction, and a command whose writes fit in one statement
   * without one; what it decided on is checked by its writes (the incident's version).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `fn` without a transaction (autocommit): for reads where each call stands alone
   * (one incident, a room's incident) and for single conditional statements, which are
   * atomic by themselves (claiming a key or an outbox row, settling a delivery, reading or
   * writing a platform reference). Each call sees its own moment, and the BEGIN and COMMIT
   * round trips are saved. Never for a read-then-write.
   */
  autocommit<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Optional: settles a delivered entry as sent (as `settleOutbox(id, 'sent', at)`) without
   * a statement of its own: with the next write this store sends, or alone a few
   * milliseconds later. Meanwhile the entry stays claimed by the attempt that delivered it,
   * so no one sends it again; this store's reads of the outbox see it settled; `close`
   * writes what waits. A store without it has deliveries settle at once.
   */
  settleSentSoon?(id: string, at: Date): void;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** "Tell person P in incident I this message." Each chat adapter renders it for its platform. */
export interface Notification {
  personId: string;
  /** Preferred name of the person, so renderers never have to look it up. */
  personName: string;
  incidentNumber?: number;
  text: string;
  /** Set on a handoff request so platforms with buttons can offer Accept / Decline. */
  handoff?: { incidentNumber: number; number: number };
}

export interface Notifier {
  /** Delivers each notification; a delivery failure is reported, never silently dropped. */
  notify(notifications: Notification[]): Promise<void>;
  /**
   * Optional: called once after every committed change to an incident, so platforms with a
   * pinned status message or a room to invite people into can bring it up to date.
   */
  incidentChanged?(incidentNumber: number): Promise<void>;
}

/** Where committed outbox entries go to be delivered (an in-process worker, a BullMQ queue). */
export interface Deliveries {
  /** Takes the entries for delivery; resolves without waiting for any platform, never throws. */
  handOver(entries: OutboxEntry[]): Promise<void>;
  /**
   * This process makes the first attempt at every entry handed over, so a change writes
   * them claimed for it (deliver.ts, claimsAtCommit). Not when any process may make it.
   */
  claimsAtCommit?: boolean;
}

export type DeadlineKind = 'handoff.remind' | 'handoff.escalate' | 'update.remind' | 'backup';
export type DeadlineStatus = 'pending' | 'fired' | 'cancelled';

/** A moment at which the bot must act if nothing has happened by then. */
export interface Deadline {
  /** Deterministic key, e.g. `handoff:3:2:remind`: arming the same key twice is one deadline. */
  key: string;
  at: Date;
  kind: DeadlineKind;
  /** The incident it belongs to; absent only for `backup`. */
  incidentNumber?: number;
  handoffNumber?: number;
}

/** A deadline as the database keeps it: the truth about what is still to fire. */
export interface StoredDeadline extends Deadline {
  status: DeadlineStatus;
  /** When it fired or was cancelled. */
  settledAt?: Date;
}

/** Which deadline woke up: enough to find its row again and check it is still due. */
export type WakeUp = Pick<Deadline, 'key' | 'at'>;

/** A wake-up to schedule: a deadline, or an outbox entry's next attempt. */
export type ScheduledWakeUp = WakeUp & { kind: string };

/**
 * "Wake me up at": how a process learns that a deadline is due. The database row is the
 * truth; a lost wake-up is re-created by reconciliation and a stray one finds its row settled,
 * so both implementations (in-process, BullMQ) may be best-effort.
 */
export interface Timers {
  /**
   * Wakes the core at each `at` (at once if past); the same key and time twice wake it once.
   * `kind` names the work (a deadline's kind, or `delivery` for an outbox entry).
   */
  schedule(wakeUps: ScheduledWakeUp[]): Promise<void>;
  /** Drops these wake-ups; unknown ones are ignored. */
  cancel(wakeUps: WakeUp[]): Promise<void>;
}

/** Writes one backup of all data and rotates old ones (scheduled by the `backup` deadline). */
export interface BackupWriter {
  /** How long after one backup the next is due. */
  everyMs: number;
  /** Writes the backup for the deadline due at `at`; returns the file written. Same `at`, same file. */
  write(at: Date): Promise<string>;
}

/**
 * Where a client's read-only incident pages are (issue 15, item 2). The web server knows its
 * own address only once it listens, so the composition root binds it after the core starts;
 * until then, or when the pages are off, there is no link.
 */
export interface ClientLinks {
  /** The full read-only link for this client organisation; undefined while the pages are off. */
  clientUrl(clientId: string): string | undefined;
}

/** Structured logging, one line per event, never secrets (pino satisfies it). */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
