// The Slack world with the production delivery path: the real Bolt receiver and WebClient
// against the fake Slack, the core on a real store (memory, PGlite or PostgreSQL), the
// outbox delivered by the in-process worker on the system clock. `restart()` builds a new
// core and adapter on the same database and the same fake Slack, as a new process would.

import { createSlackAdapter, type SlackAdapterConfig } from '../../../adapters/slack/slack-adapter.ts';
import type { DeliveryPolicy } from '../../../src/app/deliver.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../../src/app/delivery-worker.ts';
import { DEFAULT_SETTINGS, type AppDeps } from '../../../src/app/deps.ts';
import { createHandoffApp } from '../../../src/app/handoff-app.ts';
import { KeyedLock } from '../../../src/app/keyed-lock.ts';
import type { Store } from '../../../src/app/ports.ts';
import type { Directory } from '../../../src/domain/directory.ts';
import { ManualClock, systemClock } from '../../../src/timers/clock.ts';
import { createInProcessTimers } from '../../../src/timers/in-process-timers.ts';
import { MemoryTimers } from '../../../src/timers/memory-timers.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { waitFor } from '../../support/running-clock.ts';
import { MemoryLogger, serveAdapter, SIGNING_SECRET, type SlackWorld } from './slack-world.ts';

export interface DeliveryWorldOptions {
  directory: Directory;
  /** A store on the test's database; called again for each process (restart, a second process). */
  openStore: () => Promise<Store>;
  /** The outbox's retry policy (default: the production one). */
  delivery?: DeliveryPolicy;
  /** The WebClient's own retries (default: the adapter's production config). */
  retryConfig?: SlackAdapterConfig['retryConfig'];
}

/** One running process: its core, Slack adapter, delivery worker and HTTP server. */
export interface SlackProcess extends Omit<SlackWorld, 'close' | 'fake'> {
  deps: AppDeps;
  worker: DeliveryWorker;
  stop(): Promise<void>;
}

export interface DeliveryWorld extends SlackWorld {
  deps: AppDeps;
  /** Another process on the same database and fake Slack; the caller stops it. */
  startProcess(): Promise<SlackProcess>;
  /** Stops this process and starts a fresh one in its place (same database, same fake Slack). */
  restart(): Promise<void>;
  /** Resolves when no outbox entry is pending any more. */
  settled(timeoutMs?: number): Promise<void>;
}

export async function createDeliveryWorld(options: DeliveryWorldOptions): Promise<DeliveryWorld> {
  const fake = new FakeSlack();
  await fake.start();
  const startProcess = () => startSlackProcess(fake, options);
  let current = await startProcess();
  const world: DeliveryWorld = {
    fake,
    get adapter() {
      return current.adapter;
    },
    get app() {
      return current.app;
    },
    get store() {
      return current.store;
    },
    get clock() {
      return current.clock;
    },
    get logger() {
      return current.logger;
    },
    get url() {
      return current.url;
    },
    idle: () => current.idle(),
    get deps() {
      return current.deps;
    },
    startProcess,
    async restart() {
      await current.stop();
      current = await startProcess();
    },
    async settled(timeoutMs = 20_000) {
      const pending = () => current.store.transaction((tx) => tx.listOutbox({ status: 'pending' }));
      try {
        await waitFor('every delivery settled', async () => (await pending()).length === 0, timeoutMs);
      } catch (error) {
        const left = (await pending()).map((e) => `${e.id} (${e.attempts} attempts: ${e.lastError ?? ''})`);
        const errors = current.logger.lines
          .filter((l) => l.level === 'error')
          .slice(-5)
          .map((l) => `${l.message} ${JSON.stringify(l.fields).slice(0, 300)}`);
        throw new Error(
          `${(error as Error).message}; still pending: ${left.join(', ')}; last errors: ${errors.join(' | ')}`,
        );
      }
    },
    async close() {
      await current.stop();
      await fake.stop();
    },
  };
  return world;
}

async function startSlackProcess(fake: FakeSlack, options: DeliveryWorldOptions): Promise<SlackProcess> {
  const logger = new MemoryLogger();
  const adapter = createSlackAdapter(
    {
      botToken: fake.token,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
    { logger },
  );
  const store = await options.openStore();
  const directory = options.directory;
  await store.transaction((tx) => tx.upsertDirectory(directory));
  const deps: AppDeps = {
    store,
    notifier: adapter.notifier,
    platforms: new Map([['slack', adapter.notifier]]),
    clock: systemClock,
    timers: new MemoryTimers(),
    logger,
    directory: () => directory,
    settings: DEFAULT_SETTINGS,
    locks: new KeyedLock(),
    ...(options.delivery ? { delivery: options.delivery } : {}),
  };
  const worker = createDeliveryWorker(deps, createInProcessTimers({ clock: systemClock, logger }));
  deps.deliveries = worker;
  await worker.start();
  const app = createHandoffApp(deps);
  adapter.attach(app);
  await adapter.start();
  // Whatever an earlier process left pending is picked up, as at a real start.
  await worker.reconcile();
  const served = await serveAdapter(adapter, logger);
  return {
    adapter,
    app,
    store,
    clock: new ManualClock(), // unused: this world runs on the system clock
    logger,
    url: served.url,
    idle: served.idle,
    deps,
    worker,
    async stop() {
      await adapter.stop();
      await worker.stop();
      await served.close();
      await store.close();
    },
  };
}
