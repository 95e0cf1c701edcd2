// The one path by which an incident changes: lock, load, decide, record, save in one
// transaction with the deadlines it arms and the deliveries it owes (the outbox), schedule
// after commit, then hand the deliveries over outside the lock (design §4).

import type { Directory } from '../domain/directory.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { record } from '../domain/evolve.ts';
import { incidentRef, type Incident } from '../domain/incident-types.ts';
import type { DecisionContext } from '../domain/open-incident.ts';
import type { NewEvent, TimelineEvent } from '../domain/timeline-types.ts';
import { deadlinesFor, needsTimeline } from './deadlines.ts';
import type { AppDeps } from './deps.ts';
import { claimsAtCommit, deliverEntry, platformsOf, policyOf } from './deliver.ts';
import { outboxEntriesFor } from './outbox.ts';
import type { Deadline, OutboxEntry, StoredDeadline, StoreTx } from './ports.ts';

export { DuplicateDelivery } from './ports.ts';

export interface Change {
  before: Incident | null;
  incident: Incident;
  events: TimelineEvent[];
  /** The deadline rows this change wrote (set by runChange): what to wake up for, what not. */
  deadlines?: { armed: Deadline[]; cancelled: StoredDeadline[] };
  /** The outbox entries this change wrote (set by runChange): what it must still deliver. */
  outbox?: OutboxEntry[];
}

const MAX_ATTEMPTS = 3;
/** `work` is run again on a conflict anyway, so it has no effect outside the transaction. */
const KNOWN_COPIES = { fromKnownCopies: true };

export async function loadIncidentOrThrow(tx: StoreTx, number: number): Promise<Incident> {
  const incident = await tx.loadIncident(number);
  if (!incident) throw new NotFoundError(`There is no incident ${incidentRef(number)}.`);
  return incident;
}

/**
 * Claims the idempotency key with the transaction's writes, so a failed command can be
 * retried; a key claimed before fails it with DuplicateDelivery.
 */
export async function claim(tx: StoreTx, key: string | undefined, now: Date): Promise<void> {
  if (key) await tx.claimKeyOnCommit(key, now);
}

/**
 * Runs `work` in one transaction under the given lock and, once committed, schedules its
 * wake-ups; then, with the lock released, hands its deliveries over. No platform call ever
 * runs under the lock, so a platform that is down never stalls the incident. A version
 * conflict with another process is retried with fresh state.
 */
export async function runChange(
  deps: AppDeps,
  lockKey: string,
  work: (tx: StoreTx, now: Date, directory: Directory) => Promise<Change>,
): Promise<Change> {
  const change = await deps.locks.run(lockKey, async () => {
    const committed = await commitWithRetry(deps, work);
    if (committed.deadlines) {
      await scheduleWakeUps(deps, committed.deadlines.armed, committed.deadlines.cancelled);
    }
    return committed;
  });
  await handOver(deps, change.outbox ?? []);
  return change;
}

/**
 * Gives the committed entries to the worker; without one (tests, console scripts) delivers
 * them here, in order, so a transcript shows them right after the reply. Never throws: the
 * change is saved, and pending entries are picked up again by reconciliation.
 */
async function handOver(deps: AppDeps, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    if (deps.deliveries) await deps.deliveries.handOver(entries);
    else for (const entry of entries) await deliverEntry(deps, entry.id, policyOf(deps), entry);
  } catch (error) {
    deps.logger.error(
      { err: error, entries: entries.map((e) => e.id) },
      'handing deliveries over failed; they are saved and will be retried',
    );
  }
}

async function commitWithRetry(
  deps: AppDeps,
  work: (tx: StoreTx, now: Date, directory: Directory) => Promise<Change>,
): Promise<Change> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { armed, cancelled, ...committed } = await deps.store.transaction(async (tx) => {
        const now = deps.clock.now();
        const done = await work(tx, now, deps.directory());
        // In the same transaction: a committed change never lacks its deadlines or deliveries.
        const { armed, cancelled } = await recordDeadlines(deps, tx, done, now);
        const claim = claimsAtCommit(deps) ? new Date(now.getTime() + policyOf(deps).leaseMs) : undefined;
        const outbox = outboxEntriesFor(
          done,
          deps.directory(),
          platformsOf(deps),
          now,
          deps.clientLinks,
          claim,
        );
        await tx.saveOutbox(outbox);
        return { ...done, armed, cancelled, outbox };
        // `work` may decide on the incident as last known here: the store checks it (ports.ts).
      }, KNOWN_COPIES);
      // What the change disarmed is known once it is committed (cancelDeadlinesOnCommit).
      return { ...committed, deadlines: { armed, cancelled: cancelled() } };
    } catch (error) {
      // Only a concurrent write is worth another try; a rule's refusal would just repeat.
      if (!(error instanceof ConflictError && error.retryable) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Records `events` after `before` (null for a new incident) and saves them. */
export async function saveChange(
  tx: StoreTx,
  before: Incident | null,
  number: number,
  events: NewEvent[],
): Promise<Change> {
  const next = record(before, number, events);
  if (next.events.length > 0) await tx.saveIncident(next.incident, next.events);
  return { before, ...next };
}

/** Applies `decide` to the current incident and persists the result atomically. */
export async function mutateIncident(
  deps: AppDeps,
  number: number,
  decide: (incident: Incident, directory: Directory, now: Date) => NewEvent[],
  idempotencyKey?: string,
): Promise<Change> {
  return runChange(deps, `incident:${number}`, async (tx, now, directory) => {
    await claim(tx, idempotencyKey, now);
    const before = await loadIncidentOrThrow(tx, number);
    return saveChange(tx, before, number, decide(before, directory, now));
  });
}

/** A command's decision, made as the requesting person: the common shape of most use-cases. */
export function decideAs(
  deps: AppDeps,
  request: { person: { id: string }; incidentNumber: number; idempotencyKey?: string | undefined },
  decide: (ctx: DecisionContext, incident: Incident) => NewEvent[],
): Promise<Change> {
  return mutateIncident(
    deps,
    request.incidentNumber,
    (incident, directory, now) => decide({ directory, actorId: request.person.id, now }, incident),
    request.idempotencyKey,
  );
}

/** Writes the deadlines the change's events arm (pending) and disarm (cancelled). */
async function recordDeadlines(
  deps: AppDeps,
  tx: StoreTx,
  change: Change,
  now: Date,
): Promise<{ armed: Deadline[]; cancelled: () => StoredDeadline[] }> {
  if (change.events.length === 0) return { armed: [], cancelled: () => [] };
  // The change is saved already, so the stored timeline includes its events.
  const timeline = needsTimeline(change.events) ? await tx.timeline(change.incident.number) : change.events;
  const { arm, disarm } = deadlinesFor(change.events, change.incident, deps.settings, timeline);
  const cancelled = await tx.cancelDeadlinesOnCommit(disarm, now);
  await tx.saveDeadlines(arm.map((d) => ({ ...d, status: 'pending' })));
  return { armed: arm, cancelled };
}

/**
 * Asks the Timers port to wake us at the armed deadlines. A failure (Redis down) is logged,
 * never thrown: the rows are committed, and reconciliation schedules them when it can.
 */
export async function scheduleWakeUps(deps: AppDeps, armed: Deadline[], cancelled: StoredDeadline[]) {
  try {
    if (cancelled.length) await deps.timers.cancel(cancelled);
    if (armed.length) await deps.timers.schedule(armed);
  } catch (error) {
    const keys = [...cancelled, ...armed].map((d) => d.key);
    deps.logger.warn(
      { err: error, keys },
      'timers not reachable; the deadlines are saved and will be rescheduled',
    );
  }
}
