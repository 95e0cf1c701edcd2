// One contract for the Timers implementations (design §5.9), run in-process and on
// BullMQ: each deadline of a pending handoff fires exactly once, whatever happens to the
// process or to Redis in between. Short real delays, a running clock, no long sleeps.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, Store } from '../../src/app/ports.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import type { TimerService } from '../../src/timers/timer-service.ts';
import { RecordingNotifier } from '../support/app-harness.ts';
import { RunningClock, sleep, waitFor } from '../support/running-clock.ts';
import { T0 } from '../support/world.ts';
import { chased, startNode, type TimerNode } from './timer-node.ts';

export interface TimersUnderTest {
  /** A new timers instance: a new process. All instances of one test share one backing (queue). */
  make(clock: Clock): TimerService;
  /** Loses every scheduled wake-up, as a Redis FLUSHALL (or a crash of the process) would. */
  forget(): Promise<void>;
  /** Frees the backing after the test. */
  close(): Promise<void>;
}

export function timersContract(name: string, setup: () => Promise<TimersUnderTest>): void {
  describe(`Timers contract: ${name}`, () => {
    let subject: TimersUnderTest;
    let store: Store;
    let clock: RunningClock;
    let notifier: RecordingNotifier;
    const nodes: TimerNode[] = [];

    const node = async () => {
      const started = await startNode(store, subject.make(clock), clock, notifier);
      nodes.push(started);
      return started;
    };
    const handOff = async (n: TimerNode, site = 'wanderlust-web', reporter = 'maria') => {
      await n.as(reporter, `/incident open ${site} Site down`);
      const incident = (await store.transaction((tx) => tx.listIncidents({})))[0]!.number;
      const coordinator = site === 'wanderlust-web' ? 'dana' : 'priya';
      await n.as(coordinator, `/incident INC-${incident} step add Check the server`);
      await n.as(coordinator, `/incident INC-${incident} handoff 1 @Sam Disk full; cleared /tmp`);
      return incident;
    };
    const chaseEvents = async (incident = 1) =>
      (await store.transaction((tx) => tx.timeline(incident)))
        .filter((e) => e.actorId === null && e.type !== 'participant.joined')
        .map((e) => e.type);
    const escalated = (count = 1) =>
      waitFor('escalations', () => chased(notifier).escalations.length >= count);

    beforeEach(async () => {
      subject = await setup();
      store = createMemoryStore();
      clock = new RunningClock(T0);
      notifier = new RecordingNotifier();
    });
    afterEach(async () => {
      for (const n of nodes.splice(0)) await n.stop();
      await subject.close();
      await store.close();
    });

    it('reminds a pending handoff once and escalates it once', async () => {
      const n = await node();
      await handOff(n);
      await escalated();
      await sleep(200); // anything more would come now
      const { reminders, escalations } = chased(notifier);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatch(/^Sam: Sam, a reminder: Dana has been waiting/);
      expect(escalations).toHaveLength(1);
      expect(escalations[0]).toMatch(/^Dana: Dana, escalation: Sam has not answered H1/);
      expect(await chaseEvents()).toEqual(['handoff.reminded', 'handoff.escalated']);
      const rows = await store.transaction((tx) => tx.listDeadlines({}));
      expect(rows.filter((d) => d.key.startsWith('handoff:')).map((d) => d.status)).toEqual([
        'fired',
        'fired',
      ]);
    });

    it('cancels both when the handoff is answered before the deadline', async () => {
      const n = await node();
      await handOff(n);
      await n.as('sam', '/incident accept H1');
      await sleep(450);
      expect(chased(notifier)).toMatchObject({ reminders: [], escalations: [] });
      expect(await chaseEvents()).toEqual([]);
      const rows = await store.transaction((tx) => tx.listDeadlines({}));
      expect(rows.filter((d) => d.key.startsWith('handoff:')).map((d) => d.status)).toEqual([
        'cancelled',
        'cancelled',
      ]);
    });

    it('fires exactly once after a restart between scheduling and firing', async () => {
      const first = await node();
      await handOff(first);
      await first.stop(); // the process goes away with its deadlines scheduled
      const second = await node();
      expect(await second.reconcile()).toBeGreaterThanOrEqual(2);
      await escalated();
      await sleep(200);
      expect(await chaseEvents()).toEqual(['handoff.reminded', 'handoff.escalated']);
      expect(chased(notifier).reminders).toHaveLength(1);
    });

    it('fires exactly once when every wake-up was lost, after reconciliation', async () => {
      const n = await node();
      await handOff(n);
      await subject.forget();
      await n.reconcile();
      await n.reconcile(); // twice is still once
      await escalated();
      await sleep(200);
      expect(await chaseEvents()).toEqual(['handoff.reminded', 'handoff.escalated']);
      expect(chased(notifier).escalations).toHaveLength(1);
    });

    it('never sends the same reminder twice from two workers', async () => {
      const a = await node();
      const b = await node();
      await handOff(a, 'wanderlust-web', 'maria');
      await handOff(b, 'acme-shop', 'otto');
      // Both processes schedule every deadline: each is due in both.
      await a.reconcile();
      await b.reconcile();
      await escalated(2);
      await sleep(200);
      for (const incident of [1, 2]) {
        expect(await chaseEvents(incident)).toEqual(['handoff.reminded', 'handoff.escalated']);
      }
      const { reminders, escalations } = chased(notifier);
      expect(reminders).toHaveLength(2);
      expect(escalations).toHaveLength(2);
    });

    it('keeps the client-update cadence while the incident is open, and stops when it is resolved', async () => {
      const n = await startNode(store, subject.make(clock), clock, notifier, {
        ackRemindMs: 60_000,
        ackEscalateMs: 120_000,
        updateEveryMs: 120,
        // Equal to the first interval: a fixed pace, so this test's timing stays what it was.
        updateBackoffMaxMs: 120,
      });
      nodes.push(n);
      await n.as('maria', '/incident open wanderlust-web Site down');
      await waitFor('two update reminders', () => chased(notifier).updates.length >= 2);
      await n.as('dana', '/incident INC-1 resolve Fixed');
      const after = chased(notifier).updates.length;
      await sleep(350);
      expect(chased(notifier).updates.length).toBe(after);
      expect(chased(notifier).updates[0]).toMatch(/^Dana: Dana, time for a client update on INC-1/);
      const pending = await store.transaction((tx) => tx.listDeadlines({ status: 'pending' }));
      expect(pending).toEqual([]);
    });
  });
}
