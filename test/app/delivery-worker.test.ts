// The delivery worker's wake-ups: one that comes a little early (timers and the database
// clock never agree to the millisecond) must not strand its entry.

import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/app/delivery-worker.ts';
import type { Notification, Notifier, Store } from '../../src/app/ports.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { systemClock } from '../../src/timers/clock.ts';
import { createInProcessTimers } from '../../src/timers/in-process-timers.ts';
import { createHarness, silentLogger } from '../support/app-harness.ts';
import { waitFor } from '../support/running-clock.ts';
import { testWorld } from '../support/world.ts';

/** Down for its first `failures` calls, then delivers. */
class RecoveringPlatform implements Notifier {
  readonly sent: Notification[] = [];
  constructor(private failures: number) {}
  async notify(notifications: Notification[]): Promise<void> {
    if (this.failures-- > 0) throw new PlatformError('down', { retryAfterMs: 200 });
    this.sent.push(...notifications);
  }
}

describe('delivery worker', () => {
  let worker: DeliveryWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
  });

  it('an early wake-up finds its entry not yet due and wakes again when it is, instead of dropping it', async () => {
    const h = await createHarness(createMemoryStore(), testWorld());
    const platform = new RecoveringPlatform(1);
    h.deps.clock = systemClock;
    h.deps.platforms = new Map([['chat', platform]]);
    // The timers' clock runs 50 ms ahead of the one the entries are due by: every wake-up is early.
    const ahead = { now: () => new Date(Date.now() + 50) };
    worker = createDeliveryWorker(h.deps, createInProcessTimers({ clock: ahead, logger: silentLogger }));
    h.deps.deliveries = worker;
    await worker.start();
    await h.as('maria', '/incident open wanderlust-web Site down');
    await waitFor(
      'every entry delivered',
      async () => (await h.deps.store.transaction((tx) => tx.listOutbox({ status: 'pending' }))).length === 0,
    );
    expect(platform.sent.length).toBeGreaterThan(0);
  });

  /** The store, its claims counted: a claim is a statement of its own on a database. */
  function countingClaims(store: Store) {
    const claims: string[] = [];
    const counted: Store = {
      ...store,
      autocommit: (fn) =>
        store.autocommit((tx) =>
          fn({ ...tx, claimOutbox: (id, now, lease) => (claims.push(id), tx.claimOutbox(id, now, lease)) }),
        ),
    };
    return { store: counted, claims };
  }

  /**
   * Opens an incident with a worker on in-process wake-ups, its platform down for its first
   * `failures` calls, and waits until every entry is sent: the entries, and the claims made.
   */
  async function openAndDeliver(failures: number, options: { claimsAtCommit?: boolean }) {
    const { store, claims } = countingClaims(createMemoryStore());
    const h = await createHarness(store, testWorld());
    const platform = new RecoveringPlatform(failures);
    h.deps.clock = systemClock;
    h.deps.platforms = new Map([['chat', platform]]);
    const timers = createInProcessTimers({ clock: systemClock, logger: silentLogger });
    worker = createDeliveryWorker(h.deps, timers, undefined, options);
    h.deps.deliveries = worker;
    await worker.start();
    await h.as('maria', '/incident open wanderlust-web Site down');
    const outbox = () => h.deps.store.transaction((tx) => tx.listOutbox({}));
    await waitFor('every entry delivered', async () => (await outbox()).every((e) => e.status === 'sent'));
    return { entries: await outbox(), claims, platform };
  }

  it('on its own wake-ups, makes each first attempt on the claim the change wrote, with no claim of its own', async () => {
    const { entries, claims, platform } = await openAndDeliver(0, { claimsAtCommit: true });
    expect(platform.sent.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.attempts === 1)).toBe(true);
    expect(claims).toEqual([]);
  });

  it('retries a first attempt made on the claim of the commit as any other, claiming it then', async () => {
    // Down once, with Retry-After: 200 ms.
    const { entries, claims } = await openAndDeliver(1, { claimsAtCommit: true });
    const retried = entries.filter((e) => e.attempts === 2);
    expect(retried).toHaveLength(1);
    // Only the retry claims (a timer that fires a millisecond early claims in vain, and again).
    expect([...new Set(claims)]).toEqual([retried[0]!.id]);
  });

  it('on BullMQ-style wake-ups any process may take, writes the entries unclaimed, and claims each', async () => {
    const { entries, claims } = await openAndDeliver(0, {});
    expect([...new Set(claims)].sort()).toEqual(entries.map((e) => e.id).sort());
  });
});
