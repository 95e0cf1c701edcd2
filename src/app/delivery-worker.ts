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

/**
 * `claimsAtCommit`: the wake-ups are this process's own (in-process timers), so the first
 * attempt at each entry handed over is made here, at once, on the claim its change wrote
 * (deliver.ts). On BullMQ any process may wake up for an entry: they claim it as they do.
 */
export function createDeliveryWorker(
  deps: AppDeps,
  wakes: WakeService,
  policy: DeliveryPolicy = policyOf(deps),
  { claimsAtCommit = false }: { claimsAtCommit?: boolean } = {},
): DeliveryWorker {
  const attempting = new Set<Promise<void>>();
  let stopped = false;
  const attempt = async (id: string, claimed?: OutboxEntry) => {
    const result = await deliverEntry(deps, id, policy, claimed);
    if (result.outcome === 'retry') {
      await wakes.schedule([wakeUpOf({ id, nextAttemptAt: result.at })]);
    } else if (result.outcome === 'skipped') {
      // Not due yet: the timer came early (its clock and ours differ by a millisecond or
      // more), or another worker holds it. Without a new wake-up it would wait for the
      // next reconciliation; this one comes when it is due (or its lease runs out).
      const entry = await deps.store.transaction((tx) => tx.loadOutbox(id));
      // Due by now (it was 1 ms early) means at once; a claim only fails while another worker
      // holds the entry (then nextAttemptAt is its lease) or before it is due, so this never spins.
      if (entry?.status === 'pending') await wakes.schedule([wakeUpOf(entry)]);
    }
  };
  /**
   * The first attempt at an entry claimed at commit, in the background; after the current
   * turn of the event loop, as a wake-up at once would be, so the command's reply goes first.
   */
  const attemptClaimed = (entry: OutboxEntry) => {
    const later = new Promise((resolve) => setImmediate(resolve));
    const running = later
      .then(() => attempt(entry.id, entry))
      .catch(async (error: unknown) => {
        // The database went away mid-attempt: the entry is due again when its lease ends.
        deps.logger.warn({ err: error, entry: entry.id }, 'delivery attempt failed; will retry');
        await wakes.schedule([wakeUpOf(entry)]).catch(() => {}); // else reconciliation finds it
      });
    const tracked = running.finally(() => attempting.delete(tracked));
    attempting.add(tracked);
  };
  return {
    claimsAtCommit,
    async start() {
      await wakes.start((wake) => attempt(wake.key));
    },
    async handOver(entries) {
      if (!claimsAtCommit) return wakes.schedule(entries.map(wakeUpOf));
      // Once stopped, the entries wait for their lease to end and the next reconciliation.
      if (!stopped) for (const entry of entries) attemptClaimed(entry);
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
    async stop() {
      stopped = true;
      await Promise.all([wakes.stop(), ...attempting]);
    },
  };
}
