// Firing deadlines through the real use-case on the memory store: a late reminder goes
// out with its escalation, before it, and never again afterwards.

import { beforeEach, describe, expect, it } from 'vitest';
import { handoffKeys } from '../../src/app/deadlines.ts';
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
