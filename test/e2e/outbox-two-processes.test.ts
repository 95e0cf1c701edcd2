// Issue 11: two Handoff cores on one PostgreSQL and one Redis (the deliveries' BullMQ queue
// shared), commands committed through both: every outbox row's effect is delivered exactly
// once in total, and none is left pending. Some deliveries take longer than the lease and
// both cores reconcile often, so a lease that lapsed mid-call would show as a second send.

import { afterAll, describe, expect, it } from 'vitest';
import type { Notification, Notifier, OutboxEntry } from '../../src/app/ports.ts';
import { loadConfig } from '../../src/config.ts';
import { startCore, type Core } from '../../src/main.ts';
import { systemClock } from '../../src/timers/clock.ts';
import { silentLogger } from '../support/app-harness.ts';
import { sleep, waitFor } from '../support/running-clock.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { deleteKeys, REDIS_URL } from '../timers/redis-keys.ts';

/** One process's platform: records what it delivered; every third call outlasts the lease. */
class RecordingPlatform implements Notifier {
  readonly notified: Notification[] = [];
  readonly changed: number[] = [];
  private calls = 0;
  constructor(private readonly slowMs: number) {}
  private async work(): Promise<void> {
    this.calls += 1;
    await sleep(this.calls % 3 === 0 ? this.slowMs : 5);
  }
  async notify(notifications: Notification[]): Promise<void> {
    await this.work();
    this.notified.push(...notifications);
  }
  async incidentChanged(incidentNumber: number): Promise<void> {
    await this.work();
    this.changed.push(incidentNumber);
  }
}

const LEASE_MS = 1_000;

const up =
  (await serverSuite('Redis', 'Deliveries in two processes')) &&
  (await serverSuite('PostgreSQL', 'Deliveries in two processes'));

describe.skipIf(!up)('deliveries from two processes on one PostgreSQL and Redis', () => {
  let database: TestDatabase | undefined;
  const cores: Core[] = [];
  const prefix = `handoff-test-deliveries-${process.pid}-${Date.now()}`;
  afterAll(async () => {
    for (const core of cores) await core.stop();
    await database?.drop();
    await deleteKeys(`${prefix}:*`);
  });

  it('delivers each outbox row once in total, none left pending', { timeout: 90_000 }, async () => {
    database = await createTestPostgresDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DELIVERY_LEASE: `${LEASE_MS}ms`,
      // Each core keeps scheduling every pending row again, the claimed ones included.
      RECONCILE_EVERY: '100ms',
    });
    const platforms = [new RecordingPlatform(2.5 * LEASE_MS), new RecordingPlatform(2.5 * LEASE_MS)];
    for (const platform of platforms) {
      cores.push(
        await startCore(config, {
          notifiers: { slack: platform },
          clock: systemClock,
          logger: silentLogger,
        }),
      );
    }
    let turn = 0;
    const as = async (personId: string, text: string) => {
      const core = cores[turn++ % cores.length]!; // each command through the other process
      const reply = await core.app.handleCommand({ actor: { platform: 'console', userId: personId }, text });
      expect(reply?.error, `${personId}: ${text} → ${reply?.text}`).toBeUndefined();
      return reply!;
    };
    const story = async (site: string, reporter: string, coordinator: string, tag: string) => {
      const opened = await as(reporter, `/incident open ${site} ${tag}: the booking page shows an error`);
      const inc = `INC-${opened.incidentNumber!}`;
      await as(coordinator, `/incident ${inc} step add Check the server (${tag})`);
      await as(coordinator, `/incident ${inc} step add Read the logs (${tag})`);
      await as(coordinator, `/incident ${inc} handoff 1 @Sam Disk full on ${tag}; cleared /tmp`);
      await as('sam', `/incident ${inc} accept H1`);
      await as(coordinator, `/incident ${inc} handoff 2 @Jonas Lookups fail for ${tag}`);
      await as('jonas', `/incident ${inc} decline H2 Not DNS for ${tag}, the zone answers`);
      await as(coordinator, `/incident ${inc} update ${tag}: we found the cause and are fixing it`);
      await as('sam', `/incident ${inc} step done 1`);
      await as(coordinator, `/incident ${inc} resolve ${tag}: disk cleaned, alerts added`);
    };
    await Promise.all([
      story('wanderlust-web', 'maria', 'dana', 'web'),
      story('wanderlust-tours', 'kevin', 'priya', 'tours'),
    ]);

    const rows = (): Promise<OutboxEntry[]> => cores[0]!.store.transaction((tx) => tx.listOutbox({}));
    await waitFor(
      'every row settled',
      async () => (await rows()).every((r) => r.status !== 'pending'),
      60_000,
    );
    // A duplicate, were there one, would come from a lease lapsing now.
    await sleep(3 * LEASE_MS);
    const all = await rows();
    expect(all.filter((r) => r.status !== 'sent')).toEqual([]);

    const notifyKey = (n: Notification) => `${n.incidentNumber ?? '-'}|${n.personId}|${n.text}`;
    const owed = all.flatMap((r) => (r.effect.kind === 'notify' ? [notifyKey(r.effect.notification)] : []));
    const delivered = platforms.flatMap((p) => p.notified.map(notifyKey));
    expect(new Set(owed).size).toBe(owed.length); // each row is told apart by what it says
    expect(delivered.sort()).toEqual(owed.sort());

    const owedChanges = all.flatMap((r) => (r.effect.kind === 'incidentChanged' ? [r.incidentNumber] : []));
    const deliveredChanges = platforms.flatMap((p) => p.changed);
    expect(deliveredChanges.sort()).toEqual(owedChanges.sort());
    // Both processes delivered: the queue really was shared.
    expect(platforms.every((p) => p.notified.length + p.changed.length > 0)).toBe(true);
  });
});
