// One "process" of the bot for timers tests: the real core on a shared store, with its own
// timers instance, its own lock and a notifier that records what was sent.

import { createHandoffApp, type HandoffApp } from '../../src/app/handoff-app.ts';
import type { AppDeps, Settings } from '../../src/app/deps.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { Clock, Logger, Store } from '../../src/app/ports.ts';
import { fireDeadline } from '../../src/app/use-cases/fire-deadline.ts';
import { reconcileDeadlines } from '../../src/app/use-cases/reconcile-deadlines.ts';
import type { TimerService } from '../../src/timers/timer-service.ts';
import { RecordingNotifier, silentLogger } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

export const FAST: Settings = {
  ackRemindMs: 150,
  ackEscalateMs: 300,
  updateEveryMs: 60 * 60_000,
  updateBackoffMaxMs: 8 * 60 * 60_000,
};

export interface TimerNode {
  app: HandoffApp;
  deps: AppDeps;
  timers: TimerService;
  as(personId: string, text: string): Promise<string>;
  reconcile(): Promise<number>;
  stop(): Promise<void>;
}

export async function startNode(
  store: Store,
  timers: TimerService,
  clock: Clock,
  notifier: RecordingNotifier,
  settings: Settings = FAST,
  logger: Logger = silentLogger,
): Promise<TimerNode> {
  const directory = testWorld();
  await store.transaction((tx) => tx.upsertDirectory(directory));
  const deps: AppDeps = {
    store,
    notifier,
    clock,
    timers,
    logger,
    directory: () => directory,
    settings,
    locks: new KeyedLock(),
  };
  await timers.start(async (wake) => {
    await fireDeadline(deps, wake);
  });
  const app = createHandoffApp(deps);
  return {
    app,
    deps,
    timers,
    async as(personId, text) {
      const reply = await app.handleCommand({ actor: { platform: 'console', userId: personId }, text });
      if (!reply || reply.error) throw new Error(`command failed: ${text}: ${reply?.text}`);
      return reply.text;
    },
    reconcile: () => reconcileDeadlines(deps),
    stop: () => timers.stop(),
  };
}

/** What the chase sent: reminders to addressees, escalations and update reminders to coordinators. */
export function chased(notifier: RecordingNotifier) {
  const texts = notifier.sent.map((n) => `${n.personName}: ${n.text}`);
  return {
    reminders: texts.filter((t) => t.includes('a reminder:')),
    escalations: texts.filter((t) => t.includes('escalation:')),
    updates: texts.filter((t) => t.includes('time for a client update')),
  };
}
