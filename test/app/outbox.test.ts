// The delivery outbox (issue 11): every notification of a committed change is a row
// written with it, delivered outside the incident's lock, retried with backoff, and a
// delivery that fails for good is settled failed, recorded and told to the coordinator once.

import { beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_POLICY, deliverEntry } from '../../src/app/deliver.ts';
import { createDeliveryWorker } from '../../src/app/delivery-worker.ts';
import type { Notification, Notifier } from '../../src/app/ports.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { MemoryTimers } from '../../src/timers/memory-timers.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { waitFor } from '../support/running-clock.ts';
import { testWorld } from '../support/world.ts';

/** A platform that cannot reach some people (for good) and may be down for a while. */
class FlakyPlatform implements Notifier {
  readonly sent: Notification[] = [];
  unreachable = new Set<string>();
  down: PlatformError | undefined;
  async notify(notifications: Notification[]): Promise<void> {
    if (this.down) throw this.down;
    for (const n of notifications) {
      if (this.unreachable.has(n.personId)) {
        throw new PlatformError('not in the server', { permanent: true });
      }
      this.sent.push(n);
    }
  }
}

describe('delivery outbox', () => {
  let h: Harness;
  let discord: FlakyPlatform;
  const outbox = () => h.deps.store.transaction((tx) => tx.listOutbox({}));

  beforeEach(async () => {
    h = await createHarness(createMemoryStore(), testWorld());
    discord = new FlakyPlatform();
    h.deps.platforms = new Map<string, Notifier>([
      ['console', h.notifier],
      ['discord', discord],
    ]);
  });

  it('writes each notification per platform with the change, and settles it sent once delivered', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    const rows = await outbox();
    const greetings = h.notifier.take();
    expect(greetings.length).toBeGreaterThan(0);
    expect(discord.sent).toEqual(greetings);
    expect(rows.filter((r) => r.effect.kind === 'notify')).toHaveLength(greetings.length * 2);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(rows.map((r) => r.id)).toContain('1:5:discord:0');
  });

  it('writes the entries claimed for the attempt this process makes right after the commit', async () => {
    // No worker: the harness delivers after each command, as a console script does.
    const claims: string[] = [];
    const store = h.deps.store;
    h.deps.store = {
      ...store,
      autocommit: (fn) =>
        store.autocommit((tx) =>
          fn({ ...tx, claimOutbox: (id, now, lease) => (claims.push(id), tx.claimOutbox(id, now, lease)) }),
        ),
    };
    await h.as('maria', '/incident open wanderlust-web Site down');
    const rows = await outbox();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(claims).toEqual([]);
  });

  it('delivers an entry claimed at commit by a process that died before its attempt, once its lease ends', async () => {
    // A worker that says it attempts what it is handed, and never does: the process died.
    h.deps.deliveries = { handOver: async () => {}, claimsAtCommit: true };
    await h.as('maria', '/incident open wanderlust-web Site down');
    h.notifier.take();
    const [entry] = (await outbox()).filter((r) => r.platform === 'discord');
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    const leaseEnd = h.clock.now().getTime() + DELIVERY_POLICY.leaseMs;
    expect(entry!.nextAttemptAt.getTime()).toBe(leaseEnd);
    expect(await deliverEntry(h.deps, entry!.id)).toEqual({ outcome: 'skipped' }); // still held
    h.clock.advance(DELIVERY_POLICY.leaseMs);
    expect(await deliverEntry(h.deps, entry!.id)).toEqual({ outcome: 'sent' });
    expect(discord.sent).toHaveLength(1);
    expect((await outbox()).find((r) => r.id === entry!.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries a platform that is down, honouring Retry-After, and delivers once', async () => {
    discord.down = new PlatformError('Discord is rate limiting us', { retryAfterMs: 7_000 });
    await h.as('maria', '/incident open wanderlust-web Site down');
    const waiting = (await outbox()).filter((r) => r.platform === 'discord' && r.status === 'pending');
    expect(waiting.length).toBeGreaterThan(0);
    const first = waiting[0]!;
    expect(first.lastError).toBe('Discord is rate limiting us');
    expect(first.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(7_000);
    expect(await deliverEntry(h.deps, first.id)).toEqual({ outcome: 'skipped' }); // not due yet
    discord.down = undefined;
    h.clock.advance(7_000);
    for (const r of waiting) expect((await deliverEntry(h.deps, r.id)).outcome).toBe('sent');
    for (const r of waiting) expect((await deliverEntry(h.deps, r.id)).outcome).toBe('skipped');
    expect(discord.sent).toHaveLength(waiting.length);
  });

  it('settles a permanent failure as failed, records it and tells the coordinator once', async () => {
    discord.unreachable.add('sam');
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident INC-1 step add Check the server');
    await h.as('dana', '/incident INC-1 handoff 1 @Sam Disk full; cleared /tmp');
    const failed = (await outbox()).filter((r) => r.status === 'failed');
    expect(failed.map((r) => [r.platform, r.lastError])).toEqual([
      ['discord', 'not in the server'],
      ['discord', 'not in the server'],
    ]);
    const timeline = await h.deps.store.transaction((tx) => tx.timeline(1));
    const recorded = timeline.filter((e) => e.type === 'delivery.failed');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.payload).toEqual({
      platform: 'discord',
      personId: 'sam',
      reason: 'not in the server',
    });
    const told = h.notifier.take().filter((n) => n.text.includes('could not reach'));
    expect(told).toEqual([
      expect.objectContaining({
        personId: 'dana',
        text: 'Dana, Handoff could not reach Sam on Discord: not in the server.',
      }),
    ]);
  });

  it('gives up after the last attempt and says so', async () => {
    discord.down = new PlatformError('Discord answered 500');
    await h.as('maria', '/incident open wanderlust-web Site down');
    const [row] = (await outbox()).filter((r) => r.platform === 'discord');
    let result = await deliverEntry(h.deps, row!.id);
    for (let i = 0; i < 20 && result.outcome !== 'failed'; i++) {
      h.clock.advance(60 * 60_000);
      result = await deliverEntry(h.deps, row!.id);
    }
    const settled = await h.deps.store.transaction((tx) => tx.loadOutbox(row!.id));
    expect(settled).toMatchObject({ status: 'failed', lastError: 'Discord answered 500' });
    expect(settled!.attempts).toBeLessThanOrEqual(10);
  });

  it('never holds the incident lock while a platform call is in flight', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const slow: Notifier = { notify: () => stuck };
    h.deps.platforms = new Map<string, Notifier>([['slow', slow]]);
    h.deps.deliveries = { handOver: async () => {} }; // a worker that will deliver later
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident INC-1 step add Check the server');
    const pending = (await outbox()).filter((r) => r.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const delivering = deliverEntry(h.deps, pending[0]!.id);
    const reply = await h.as('dana', '/incident INC-1 step add Look at the logs');
    expect(reply.text).toContain('step 2');
    release();
    expect((await delivering).outcome).toBe('sent');
  });

  it('keeps an entry whose platform is slower than the lease: no other worker sends it meanwhile', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slow: Notifier = {
      notify: () => {
        calls += 1;
        return stuck;
      },
    };
    h.deps.platforms = new Map<string, Notifier>([['slow', slow]]);
    h.deps.deliveries = { handOver: async () => {} };
    await h.as('maria', '/incident open wanderlust-web Site down');
    const [row] = (await outbox()).filter((r) => r.status === 'pending');
    const policy = { ...DELIVERY_POLICY, leaseMs: 90 };
    const delivering = deliverEntry(h.deps, row!.id, policy);
    await waitFor('the attempt to start', () => calls === 1);
    h.clock.advance(10 * 60_000); // far past the first lease
    await waitFor('the lease renewed', async () => {
      const entry = await h.deps.store.transaction((tx) => tx.loadOutbox(row!.id));
      return entry!.nextAttemptAt > h.clock.now();
    });
    expect(await deliverEntry(h.deps, row!.id, policy)).toEqual({ outcome: 'skipped' });
    release();
    expect((await delivering).outcome).toBe('sent');
    expect(calls).toBe(1);
  });

  it('prunes entries settled longer ago than they are kept, at reconciliation', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident INC-1 step add Check the server');
    const sent = await outbox();
    expect(sent.length).toBeGreaterThan(0);
    discord.down = new PlatformError('Discord answered 500');
    await h.as('dana', '/incident INC-1 handoff 1 @Sam Disk full; cleared /tmp');
    const stillPending = (await outbox()).filter((r) => r.status === 'pending').map((r) => r.id);
    expect(stillPending.length).toBeGreaterThan(0);
    const wakes = Object.assign(new MemoryTimers(), { start: async () => {}, stop: async () => {} });
    const worker = createDeliveryWorker(h.deps, wakes, { ...DELIVERY_POLICY, keepSettledMs: 60 * 60_000 });

    h.clock.advance(59 * 60_000);
    await worker.reconcile();
    expect((await outbox()).length).toBeGreaterThan(stillPending.length); // not old enough yet
    h.clock.advance(2 * 60_000);
    expect(await worker.reconcile()).toBe(stillPending.length);
    const left = await outbox();
    expect(left.map((r) => r.id).sort()).toEqual(
      [...stillPending, ...left.filter((r) => r.status === 'sent').map((r) => r.id)].sort(),
    );
    expect(left.filter((r) => sent.some((s) => s.id === r.id))).toEqual([]);
  });
});

describe('delivery outbox: who is reached by e-mail (issue 14)', () => {
  it('gives the e-mail platform only people it should mail, and chat no one who asked for e-mail alone', async () => {
    const world = testWorld();
    const person = (id: string) => world.people.find((p) => p.id === id)!;
    // Sam is on Slack but asked for e-mail alone; Otto has no chat at all; Dana wants both.
    Object.assign(person('sam'), { email: 'sam@cloudnest.example', notify: 'email' });
    Object.assign(person('otto'), { email: 'otto@acme.example' });
    Object.assign(person('dana'), { email: 'dana@brightdesk.example', notify: 'both' });
    world.sites.find((s) => s.id === 'acme-shop')!.itContactId = 'dana';
    const h = await createHarness(createMemoryStore(), world);
    const slack = new FlakyPlatform();
    const email = new FlakyPlatform();
    h.deps.platforms = new Map<string, Notifier>([
      ['slack', slack],
      ['email', email],
    ]);
    await h.as('otto', '/incident open acme-shop Shop down');
    const greeted = (platform: FlakyPlatform) => platform.sent.map((n) => n.personId).sort();
    expect(greeted(email)).toEqual(['dana', 'sam']);
    expect(greeted(slack)).toEqual(['dana']);
    await h.as('dana', '/incident INC-1 step add Check the server');
    await h.as('dana', '/incident INC-1 handoff 1 @Otto Please check the shop admin');
    expect(email.sent.at(-1)).toMatchObject({ personId: 'otto', handoff: { incidentNumber: 1, number: 1 } });
    expect(slack.sent.map((n) => n.personId)).not.toContain('otto');
  });
});
