// The one path by which an incident changes: lock, load, decide, record, save in one
// transaction, then notify and schedule after commit (design §4).

import type { Directory } from '../domain/directory.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { record } from '../domain/evolve.ts';
import { incidentRef, type Incident } from '../domain/incident-types.ts';
import type { DecisionContext } from '../domain/open-incident.ts';
import type { NewEvent, TimelineEvent } from '../domain/timeline-types.ts';
import { deadlinesFor } from './deadlines.ts';
import type { AppDeps } from './deps.ts';
import { notificationsFor } from './notifications.ts';
import type { StoreTx } from './ports.ts';

/** Thrown inside a transaction when the platform delivered this event before. */
export class DuplicateDelivery extends Error {}

export interface Change {
  before: Incident | null;
  incident: Incident;
  events: TimelineEvent[];
}

const MAX_ATTEMPTS = 3;

export async function loadIncidentOrThrow(tx: StoreTx, number: number): Promise<Incident> {
  const incident = await tx.loadIncident(number);
  if (!incident) throw new NotFoundError(`There is no incident ${incidentRef(number)}.`);
  return incident;
}

/** Claims the idempotency key inside the transaction, so a failed command can be retried. */
export async function claim(tx: StoreTx, key: string | undefined, now: Date): Promise<void> {
  if (key && !(await tx.claimKey(key, now))) throw new DuplicateDelivery(key);
}

/**
 * Runs `work` in one transaction under the given locks and, once committed, notifies and
 * schedules. A version conflict with another process is retried with fresh state.
 */
export async function runChange(
  deps: AppDeps,
  lockKey: string,
  work: (tx: StoreTx, now: Date, directory: Directory) => Promise<Change>,
): Promise<Change> {
  return deps.locks.run(lockKey, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const change = await deps.store.transaction((tx) => work(tx, deps.clock.now(), deps.directory()));
        await afterCommit(deps, change);
        return change;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  });
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

/** After commit: timers first (durable), then the people affected. */
export async function afterCommit(deps: AppDeps, change: Change): Promise<void> {
  if (change.events.length === 0) return;
  const directory = deps.directory();
  const { arm, disarm } = deadlinesFor(change.events, change.incident, deps.settings);
  if (disarm.length) await deps.timers.disarm(disarm);
  if (arm.length) await deps.timers.arm(arm);
  await deps.notifier.notify(notificationsFor(change, directory));
  await deps.notifier.incidentChanged?.(change.incident.number);
}
