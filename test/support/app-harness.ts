// Builds the real core on a given store with a recording notifier and a manual clock:
// the use-cases run for real, nothing of ours is mocked.

import { createHandoffApp, type HandoffApp } from '../../src/app/handoff-app.ts';
import { DEFAULT_SETTINGS, type AppDeps } from '../../src/app/deps.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { Logger, Notification, Notifier, Store } from '../../src/app/ports.ts';
import type { Reply } from '../../src/app/reply.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { ManualClock } from '../../src/timers/clock.ts';
import { MemoryTimers } from '../../src/timers/memory-timers.ts';
import { T0 } from './world.ts';

export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async notify(notifications: Notification[]): Promise<void> {
    this.sent.push(...notifications);
  }
  take(): Notification[] {
    return this.sent.splice(0);
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface Harness {
  app: HandoffApp;
  deps: AppDeps;
  clock: ManualClock;
  notifier: RecordingNotifier;
  timers: MemoryTimers;
  /** Runs a command as a console person; fails the test on a duplicate (null) reply. */
  as(personId: string, text: string, roomIncident?: number): Promise<Reply>;
}

export async function createHarness(store: Store, directory: Directory): Promise<Harness> {
  await store.transaction((tx) => tx.upsertDirectory(directory));
  const clock = new ManualClock(T0);
  const notifier = new RecordingNotifier();
  const timers = new MemoryTimers();
  const deps: AppDeps = {
    store,
    notifier,
    clock,
    timers,
    logger: silentLogger,
    directory: () => directory,
    settings: DEFAULT_SETTINGS,
    locks: new KeyedLock(),
  };
  const app = createHandoffApp(deps);
  return {
    app,
    deps,
    clock,
    notifier,
    timers,
    async as(personId, text, roomIncident) {
      const reply = await app.handleCommand({
        actor: { platform: 'console', userId: personId },
        text,
        roomIncident,
      });
      if (!reply) throw new Error('unexpected duplicate delivery');
      return reply;
    },
  };
}
