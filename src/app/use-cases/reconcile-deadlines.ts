// The database is the truth about what must still fire; the timers only wake us. At
// start and periodically every pending row is scheduled again, so a crash, a Redis flush
// or an outage loses nothing (scheduling the same key and time twice is one wake-up).

import { BACKUP_KEY } from '../deadlines.ts';
import type { AppDeps } from '../deps.ts';
import type { StoredDeadline } from '../ports.ts';

const BATCH = 1_000;

/** Schedules every pending deadline; returns how many. Throws when the timers are unreachable. */
export async function reconcileDeadlines(deps: AppDeps): Promise<number> {
  await ensureBackupDeadline(deps);
  const pending = await deps.store.transaction((tx) => tx.listDeadlines({ status: 'pending' }));
  for (let i = 0; i < pending.length; i += BATCH) await deps.timers.schedule(pending.slice(i, i + BATCH));
  return pending.length;
}

/** With backups on, there is always one pending `backup` deadline; the first is one period away. */
async function ensureBackupDeadline(deps: AppDeps): Promise<void> {
  const backups = deps.backups;
  if (!backups) return;
  await deps.store.transaction(async (tx) => {
    if ((await tx.loadDeadline(BACKUP_KEY))?.status === 'pending') return;
    const at = new Date(deps.clock.now().getTime() + backups.everyMs);
    await tx.saveDeadlines([{ key: BACKUP_KEY, kind: 'backup', at, status: 'pending' }]);
  });
}

/** The earliest pending deadline due by `until`, or null: for callers that move time themselves. */
export async function nextDueDeadline(deps: AppDeps, until: Date): Promise<StoredDeadline | null> {
  const [next] = await deps.store.transaction((tx) =>
    tx.listDeadlines({ status: 'pending', dueBy: until, limit: 1 }),
  );
  return next ?? null;
}
