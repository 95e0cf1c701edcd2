// Delivers outbox entries in the background, outside every incident lock. The entry's row
// is the truth; a wake-up (an in-process timeout, a BullMQ job whose id is derived from
// the entry's id and time) only says "try it now". A wake-up lost to a crash or a Redis
// flush is re-created from the pending rows at start and by every reconciliation, and one
// that comes twice finds the entry claimed or settled. Reconciliation also prunes entries
// settled longer ago than the policy keeps them.

import { deliverEntry, policyOf, type DeliveryPolicy } from './deliver.ts';
import type { AppDeps } from './deps.ts';
import type { Deliveries, OutboxEntry, Timers, WakeUp } from './ports.ts';

/** The wake-up service the worker runs on: the same two implementations as the deadlines. */
export interface WakeService extends Timers {
  start(onWake: (wake: WakeUp) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface DeliveryWorker extends Deliveries {
  /** From now on, delivers each entry handed over (and each retry) when it is due. */
  start(): Promise<void>;
  /**
   * Prunes old settled entries and schedules every pending entry again; returns how many are
   * pending. Throws when the wake-ups (or the database) are unreachable.
   */
  reconcile(): Promise<number>;
  /** Stops waking and waits for the deliveries in progress. */
  stop(): Promise<void>;
}

const BATCH = 1_000;
const wakeUpOf = (e: Pick<OutboxEntry, 'id' | 'nextAttemptAt'>) => ({
  key: e.id,
  at: e.nextAttemptAt,
  kind: 'delivery',
});

export function createDeliveryWorker(
  deps: AppDeps,
  wakes: WakeService,
  policy: DeliveryPolicy = policyOf(deps),
): DeliveryWorker {
  return {
    async start() {
      await wakes.start(async (wake) => {
        const result = await deliverEntry(deps, wake.key, policy);
        if (result.outcome === 'retry') {
          await wakes.schedule([wakeUpOf({ id: wake.key, nextAttemptAt: result.at })]);
        } else if (result.outcome === 'skipped') {
          // Not due yet: the timer came early (its clock and ours differ by a millisecond or
          // more), or another worker holds it. Without a new wake-up it would wait for the
          // next reconciliation; this one comes when it is due (or its lease runs out).
          const entry = await deps.store.transaction((tx) => tx.loadOutbox(wake.key));
          // Due by now (it was 1 ms early) means at once; a claim only fails while another worker
          // holds the entry (then nextAttemptAt is its lease) or before it is due, so this never spins.
          if (entry?.status === 'pending') await wakes.schedule([wakeUpOf(entry)]);
        }
      });
    },
    async handOver(entries) {
      await wakes.schedule(entries.map(wakeUpOf));
    },
    async reconcile() {
      const cutoff = new Date(deps.clock.now().getTime() - policy.keepSettledMs);
      const pruned = await deps.store.transaction((tx) => tx.pruneOutbox(cutoff));
      if (pruned > 0) deps.logger.info({ pruned, before: cutoff.toISOString() }, 'settled deliveries pruned');
      const pending = await deps.store.transaction((tx) => tx.listOutbox({ status: 'pending' }));
      for (let i = 0; i < pending.length; i += BATCH) {
        await wakes.schedule(pending.slice(i, i + BATCH).map(wakeUpOf));
      }
      return pending.length;
    },
    stop: () => wakes.stop(),
  };
}
