// The core every mode runs on, wired from config: the directory, the store, the timers,
// the delivery worker and the app. src/main.ts, the composition root, picks the mode.

import { composeNotifiers } from '../app/composite-notifier.ts';
import type { AnswerLinks } from '../app/answer-links.ts';
import { EMAIL_PLATFORM } from '../app/email-status.ts';
import { platformRefs } from '../app/platform-refs.ts';
import { DELIVERY_POLICY } from '../app/deliver.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../app/delivery-worker.ts';
import { createHandoffApp, type HandoffApp } from '../app/handoff-app.ts';
import type { AppDeps } from '../app/deps.ts';
import { KeyedLock } from '../app/keyed-lock.ts';
import type { ClientLinks, Clock, Logger, Notifier, Store, Timers, WakeUp } from '../app/ports.ts';
import { fireDeadline } from '../app/use-cases/fire-deadline.ts';
import { nextDueDeadline, reconcileDeadlines } from '../app/use-cases/reconcile-deadlines.ts';
import type { Config } from '../config.ts';
import { loadDirectoryFile } from '../directory/directory-file.ts';
import { isChatPlatform, type Channel } from '../domain/channels.ts';
import type { Directory } from '../domain/directory.ts';
import { openDatabase } from '../store/database.ts';
import { createBackupWriter } from '../store/backup.ts';
import { createPrismaStore } from '../store/prisma-store.ts';
import { createInProcessTimers } from '../timers/in-process-timers.ts';
import { MemoryTimers } from '../timers/memory-timers.ts';
import type { TimerService } from '../timers/timer-service.ts';
import { createEmailPlatform } from './email.ts';

export interface Core {
  app: HandoffApp;
  store: Store;
  timers: Timers;
  directory: () => Directory;
  /** The channels people are reached on here (console, slack, discord, email), for the owners' pages. */
  channels: Channel[];
  /** The earliest pending deadline due by `until`, or null (for callers that move time: console scripts). */
  nextDeadline(until: Date): Promise<WakeUp | null>;
  /** Fires that deadline now, exactly as a timer would. */
  fireDue(wake: WakeUp): Promise<void>;
  /** Drains and closes everything, timers first, then the store; safe to call twice. */
  stop(): Promise<void>;
}

export interface CoreOptions {
  /** The chat platforms by name (console, slack, discord, web): outbox entries are addressed to these. */
  notifiers: Record<string, Notifier>;
  clock: Clock;
  logger: Logger;
  /**
   * The caller moves the clock and fires what is due itself (console scripts): no timer
   * wakes by itself, whatever REDIS_URL says.
   */
  manualTime?: boolean;
  /** Where client contacts' read-only pages are, for /incident link; absent: the pages are off. */
  clientLinks?: ClientLinks;
  /** Prints the one line per e-mail written as a file (the console); default: the log. */
  announce?: (line: string) => void;
  /** Serve a PGlite folder from the main thread (the server behind Slack's ack thread: config.ts `pgliteOnMainThread`). */
  pgliteOnMainThread?: boolean;
  /** Signs Accept / Decline links in handoff e-mails; absent (no pages to answer on), e-mails name the chat commands. */
  answerLinks?: AnswerLinks;
}

/** BullMQ (and ioredis) only when REDIS_URL asks for it: loading them costs a start ~0.2 s. */
const bullTimers = async (
  options: Parameters<typeof import('../timers/bullmq-timers.ts').createBullTimers>[0],
) => (await import('../timers/bullmq-timers.ts')).createBullTimers(options);

/** In-process timers when embedded, BullMQ when REDIS_URL is set; none that wake in manual time. */
async function createTimers(config: Config, options: CoreOptions): Promise<TimerService> {
  if (options.manualTime) {
    const timers = new MemoryTimers();
    return Object.assign(timers, { start: async () => {}, stop: async () => {} });
  }
  const { clock, logger } = options;
  const { redisUrl: url, redisPrefix: prefix } = config.timers;
  return url
    ? await bullTimers({ url, clock, logger, ...(prefix ? { prefix } : {}) })
    : createInProcessTimers({ clock, logger });
}

/**
 * The delivery worker, on its own queue: BullMQ when REDIS_URL is set (shared by every
 * process), in-process otherwise. None in manual time: console scripts deliver right after
 * each commit, so the transcript reads in order.
 */
async function createDeliveries(
  config: Config,
  options: CoreOptions,
  deps: AppDeps,
): Promise<DeliveryWorker | undefined> {
  if (options.manualTime) return undefined;
  const { clock, logger } = options;
  const { redisUrl: url, redisPrefix: prefix, deliveryLeaseMs } = config.timers;
  const wakes = url
    ? await bullTimers({ url, clock, logger, queueName: 'handoff-deliveries', ...(prefix ? { prefix } : {}) })
    : createInProcessTimers({ clock, logger });
  // In-process wake-ups are this process's own: it makes each first attempt (delivery-worker.ts).
  const policy = { ...DELIVERY_POLICY, leaseMs: deliveryLeaseMs };
  return createDeliveryWorker(deps, wakes, policy, { claimsAtCommit: !url });
}

/**
 * One line when opening changed the database's schema (a new database, or an upgrade), so
 * an operator sees it happen rather than finding it in `_prisma_migrations` afterwards.
 */
function logMigrations(logger: CoreOptions['logger'], applied: string[]): void {
  if (applied.length === 0) return;
  const what = applied.length === 1 ? '1 pending migration' : `${applied.length} pending migrations`;
  logger.info({ migrations: applied }, `database: applied ${what}`);
}

/** Loads the directory, opens (and migrates) the database, and builds the app. */
export async function startCore(config: Config, options: CoreOptions): Promise<Core> {
  const directory = await loadDirectoryFile(config.directoryFile);
  // A bot runs for weeks: the schema engine's memory is not worth keeping (migrate-apart.ts).
  const db = await openDatabase(config.database, {
    migrateApart: true,
    prisma: false,
    pgliteOnMainThread: options.pgliteOnMainThread === true,
  });
  logMigrations(options.logger, db.appliedMigrations);
  const store = createPrismaStore(db);
  try {
    await store.transaction((tx) => tx.upsertDirectory(directory));
  } catch (error) {
    await store.close();
    throw error;
  }
  const timers = await createTimers(config, options);
  const email = createEmailPlatform(config, {
    store,
    refs: platformRefs(store, options.clock, EMAIL_PLATFORM),
    clock: options.clock,
    logger: options.logger,
    directory: () => directory,
    announce: options.announce ?? ((line) => options.logger.info({ line }, 'e-mail written')),
    ...(options.answerLinks ? { answerLinks: options.answerLinks } : {}),
  });
  // E-mail is always there: people with no chat are reached, by SMTP or as .eml files.
  const platforms = new Map<string, Notifier>([
    ...Object.entries(options.notifiers),
    [EMAIL_PLATFORM, email],
  ]);
  const deps: AppDeps = {
    store,
    notifier: composeNotifiers([...platforms.values()], options.logger),
    platforms,
    clock: options.clock,
    timers,
    logger: options.logger,
    directory: () => directory,
    settings: config.settings,
    locks: new KeyedLock(),
    ...(options.clientLinks ? { clientLinks: options.clientLinks } : {}),
    backups: createBackupWriter(store, { ...config.timers.backup, now: () => options.clock.now() }),
  };
  const deliveries = await createDeliveries(config, options, deps);
  if (deliveries) deps.deliveries = deliveries;
  try {
    await timers.start(async (wake) => {
      await fireDeadline(deps, wake);
    });
    await deliveries?.start();
  } catch (error) {
    await timers.stop();
    await deliveries?.stop();
    await store.close();
    throw error;
  }
  const reconcile = async () => {
    try {
      const pending = await reconcileDeadlines(deps);
      options.logger.info({ pending }, 'deadlines reconciled');
    } catch (error) {
      // Redis (or the database) is away: commands still work; the next round catches up.
      options.logger.warn({ err: error }, 'could not reconcile deadlines; will try again');
    }
    try {
      const pending = (await deliveries?.reconcile()) ?? 0;
      if (pending > 0) options.logger.info({ pending }, 'pending deliveries scheduled again');
    } catch (error) {
      options.logger.warn({ err: error }, 'could not reconcile deliveries; will try again');
    }
  };
  await reconcile();
  const reconciling = options.manualTime ? undefined : every(config.timers.reconcileEveryMs, reconcile);
  options.logger.info(
    {
      database: config.database.kind,
      timers: config.timers.redisUrl ? 'bullmq' : 'in-process',
      platforms: [...platforms.keys()],
      people: directory.people.length,
    },
    'handoff started',
  );
  let stopped = false;
  return {
    app: createHandoffApp(deps),
    store,
    timers,
    directory: () => directory,
    channels: [...platforms.keys()].filter(
      (name): name is Channel => isChatPlatform(name) || name === 'email',
    ),
    nextDeadline: (until) => nextDueDeadline(deps, until),
    async fireDue(wake) {
      await fireDeadline(deps, wake);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await reconciling?.stop();
      // Both drain their work in progress (each may wait out a Redis that is away): at once.
      await Promise.all([timers.stop(), deliveries?.stop()]);
      email.close();
      await store.close();
    },
  };
}

/** Runs `work` every `ms`, never two at once; stop() waits for a round in progress. */
function every(ms: number, work: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const handle = setInterval(() => {
    running ??= work().finally(() => (running = undefined));
  }, ms);
  handle.unref();
  return {
    async stop() {
      clearInterval(handle);
      await running;
    },
  };
}
