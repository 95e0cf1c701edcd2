// Firing deadlines through the real use-case on the memory store: a late reminder goes
// out with its escalation, before it, and never again afterwards.

import { beforeEach, describe, expect, it } from 'vitest';
import { handoffKeys, updateKey } from '../../src/app/deadlines.ts';
import { fireDeadline } from '../../src/app/use-cases/fire-deadline.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

let h: Harness;
const deadline = (key: string) => h.deps.store.transaction((tx) => tx.loadDeadline(key));

beforeEach(async () => {
  h = await createHarness(createMemoryStore(), testWorld());
  await h.as('maria', '/incident open wanderlust-web Site down');
  await h.as('dana', '/incident step add Check the server');
  await h.as('dana', '/incident handoff 1 @Sam Disk full');
  h.notifier.take();
});

describe('fireDeadline', () => {
  it('sends a still-pending reminder before its escalation, once', async () => {
    const [remindKey, escalateKey] = handoffKeys(1, 1) as [string, string];
    const escalate = (await deadline(escalateKey))!;
    h.clock.set(escalate.at);
    expect(await fireDeadline(h.deps, { key: escalateKey, at: escalate.at })).toBe('fired');
    const timeline = await h.deps.store.transaction((tx) => tx.timeline(1));
    expect(timeline.slice(-2).map((e) => e.type)).toEqual(['handoff.reminded', 'handoff.escalated']);
    expect((await deadline(remindKey))?.status).toBe('fired');
    const sent = h.notifier.take();
    expect(sent.map((n) => n.personId)).toEqual(['sam', 'dana']);
    // The reminder's own wake-up, arriving late, finds it settled.
    const remind = (await deadline(remindKey))!;
    expect(await fireDeadline(h.deps, { key: remindKey, at: remind.at })).toBe('skipped');
    expect(h.notifier.take()).toEqual([]);
  });
});

describe('the client-update cadence', () => {
  const minutes = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;

  /** Fires the pending update deadline as the timers would; returns the minutes it waited. */
  async function fireUpdate(harness: Harness): Promise<number> {
    const due = (await harness.deps.store.transaction((tx) => tx.loadDeadline(updateKey(1))))!;
    expect(due.status).toBe('pending');
    const waited = minutes(harness.clock.now(), due.at);
    harness.clock.set(due.at);
    expect(await fireDeadline(harness.deps, { key: updateKey(1), at: due.at })).toBe('fired');
    return waited;
  }

  it('backs off while nobody posts an update, and starts again at 30 min after one', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) waits.push(await fireUpdate(h));
    expect(waits).toEqual([30, 60, 120, 240, 480, 480]);
    await h.as('dana', '/incident update Still on it with the host.', 1);
    expect(await fireUpdate(h)).toBe(30);
    expect(await fireUpdate(h)).toBe(60);
  });

  it('keeps backing off after a restart: the next interval comes from the stored timeline', async () => {
    for (let i = 0; i < 3; i++) await fireUpdate(h);
    // A new process on the same database: nothing but the store carries over.
    const restarted = await createHarness(h.deps.store, testWorld());
    restarted.clock.set(h.clock.now());
    expect(await fireUpdate(restarted)).toBe(240);
    expect(await fireUpdate(restarted)).toBe(480);
  });
});
