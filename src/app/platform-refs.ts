// What a platform adapter must find again after a restart (design: the status message an
// incident keeps, a handoff request's message), kept in the database beside the incident so
// edits after a restart change the same message and no second status is ever posted.

import type { Clock, PlatformRefValue, Store } from './ports.ts';

export interface PlatformRefs {
  get(key: string): Promise<PlatformRefValue | null>;
  /** Stores the value, replacing any under the key. */
  put(key: string, value: PlatformRefValue): Promise<void>;
  /** Stores the value unless the key has one; false when another process got there first. */
  putIfAbsent(key: string, value: PlatformRefValue): Promise<boolean>;
  /**
   * Takes the lease `key` for `ms`: true when the caller holds it now, because nobody did
   * or the holder's time ran out (a process that crashed holding it keeps nobody out for
   * long). `delete` gives it back.
   */
  lease(key: string, ms: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Each is one statement, atomic alone: none needs a transaction of its own (Store.autocommit). */
export function platformRefs(store: Store, clock: Clock, platform: string): PlatformRefs {
  return {
    get: (key) => store.autocommit((tx) => tx.loadPlatformRef(platform, key)),
    put: (key, value) => store.autocommit((tx) => tx.savePlatformRef(platform, key, value, clock.now())),
    putIfAbsent: (key, value) =>
      store.autocommit((tx) => tx.insertPlatformRef(platform, key, value, clock.now())),
    lease: (key, ms) =>
      store.autocommit((tx) => {
        const now = clock.now();
        return tx.leasePlatformRef(platform, key, {}, now, new Date(now.getTime() - ms));
      }),
    delete: (key) => store.autocommit((tx) => tx.deletePlatformRef(platform, key)),
  };
}

export type LeaseOrFound<T> = { leased: true } | { leased: false; found: T };

const LEASE_POLL_MS = 50;

/**
 * For what must be made at most once across processes (an incident's channel, its status
 * message): what another process made (`find` gives it), or the lease `key`, for the caller
 * to make it, store it, and then give the lease back (`refs.delete(key)`). While another
 * holds the lease this waits; a holder that dies keeps nobody out for longer than `ms`.
 * `find` is asked again once the lease is taken, so a holder that stored and gave back
 * just before is found, not made twice. Throws after twice `ms` of real time (a clock that
 * stands still, as in tests, runs no lease out).
 */
export async function leaseOrFind<T>(
  refs: PlatformRefs,
  key: string,
  ms: number,
  find: () => Promise<T | undefined>,
): Promise<LeaseOrFound<T>> {
  const giveUpAt = performance.now() + 2 * ms;
  for (;;) {
    const before = await find();
    if (before !== undefined) return { leased: false, found: before };
    if (await refs.lease(key, ms)) {
      const after = await find();
      if (after === undefined) return { leased: true };
      await refs.delete(key);
      return { leased: false, found: after };
    }
    if (performance.now() > giveUpAt) throw new Error(`${key} has been held by another process for too long`);
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
}
