// A deadline woke up: do what it asks, exactly once. The wake-up (a setTimeout, a BullMQ
// job, a console /wait) only says "look now"; the database decides. Under the incident's
// lock and in one transaction the row is settled as fired together with the timeline event
// it records, so a second wake-up for the same deadline (another worker, a retry, a
// reconciliation) finds it settled and does nothing.

import { decideReminder } from '../../domain/reminders.ts';
import { BACKUP_KEY, handoffKeys } from '../deadlines.ts';
import type { AppDeps } from '../deps.ts';
import { loadIncidentOrThrow, runChange, saveChange, scheduleWakeUps } from '../mutate.ts';
import type { StoredDeadline, StoreTx, WakeUp } from '../ports.ts';

export type FireOutcome = 'fired' | 'skipped';

/** Handles one wake-up. Throws only when the work should be retried (database, backup disk). */
export async function fireDeadline(deps: AppDeps, wake: WakeUp): Promise<FireOutcome> {
  const row = await deps.store.transaction((tx) => tx.loadDeadline(wake.key));
  if (!isDue(row, wake)) return 'skipped';
  if (row.kind === 'backup') return fireBackup(deps, row);
  const number = row.incidentNumber;
  const exists =
    number !== undefined && (await deps.store.transaction((tx) => tx.loadIncident(number))) !== null;
  if (!exists) {
    // Its incident is gone (a restore replaced the data): nothing to chase, ever.
    await deps.store.transaction((tx) => tx.cancelDeadlines([wake.key], deps.clock.now()));
    return 'skipped';
  }
  const change = await runChange(deps, `incident:${number}`, async (tx, now) => {
    const incident = await loadIncidentOrThrow(tx, number);
    // Read again under the lock: another worker may have fired it since.
    const current = await tx.loadDeadline(wake.key);
    const kind = current?.kind;
    if (!isDue(current, wake) || kind === undefined || kind === 'backup') {
      return saveChange(tx, incident, number, []);
    }
    await tx.markDeadlineFired(wake.key, wake.at, now);
    const handoffNumber = current.handoffNumber;
    // A reminder that is late (a retry backing off, Redis catching up) goes out before
    // its escalation, never after it: the addressee is chased first, then the coordinator.
    const remindFirst =
      kind === 'handoff.escalate' && (await settleLateReminder(tx, number, handoffNumber, now));
    const events = [
      ...(remindFirst ? decideReminder(incident, { kind: 'handoff.remind', handoffNumber }, now) : []),
      ...decideReminder(incident, { kind, handoffNumber }, now),
    ];
    return saveChange(tx, incident, number, events);
  });
  return change.events.length > 0 ? 'fired' : 'skipped';
}

/** Marks the handoff's reminder fired if it is still pending; true when it was. */
async function settleLateReminder(
  tx: StoreTx,
  incidentNumber: number,
  handoffNumber: number | undefined,
  now: Date,
): Promise<boolean> {
  if (handoffNumber === undefined) return false;
  const [remindKey] = handoffKeys(incidentNumber, handoffNumber) as [string, string];
  const reminder = await tx.loadDeadline(remindKey);
  if (reminder?.status !== 'pending') return false;
  return tx.markDeadlineFired(remindKey, reminder.at, now);
}

function isDue(row: StoredDeadline | null, wake: WakeUp): row is StoredDeadline {
  // A row re-armed to another time is a different deadline: its own wake-up will come.
  return row !== null && row.status === 'pending' && row.at.getTime() === wake.at.getTime();
}

/**
 * Writes the backup first, then settles the row and arms the next one. A crash in between
 * writes the same file again (its name comes from the deadline), so retries are harmless.
 */
async function fireBackup(deps: AppDeps, row: StoredDeadline): Promise<FireOutcome> {
  const backups = deps.backups;
  if (!backups) return 'skipped';
  const file = await backups.write(row.at);
  const next = await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if (!(await tx.markDeadlineFired(row.key, row.at, now))) return null;
    const armed: StoredDeadline = {
      key: BACKUP_KEY,
      kind: 'backup',
      at: new Date(now.getTime() + backups.everyMs),
      status: 'pending',
    };
    await tx.saveDeadlines([armed]);
    return armed;
  });
  if (!next) return 'skipped';
  deps.logger.info({ file, next: next.at.toISOString() }, 'backup written');
  await scheduleWakeUps(deps, [next], []);
  return 'fired';
}
