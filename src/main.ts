// Composition root (design §4): the only place that picks implementations of the
// ports from config and wires them together.

import pino from 'pino';
import { createHandoffApp, type HandoffApp } from './app/handoff-app.ts';
import type { AppDeps } from './app/deps.ts';
import { KeyedLock } from './app/keyed-lock.ts';
import type { Clock, Logger, Notifier, Store, Timers } from './app/ports.ts';
import type { Config } from './config.ts';
import { loadDirectoryFile } from './directory/directory-file.ts';
import type { Directory } from './domain/directory.ts';
import { openDatabase } from './store/database.ts';
import { createPrismaStore } from './store/prisma-store.ts';
import { MemoryTimers } from './timers/memory-timers.ts';

export interface Core {
  app: HandoffApp;
  store: Store;
  timers: Timers;
  directory: () => Directory;
  /** Drains and closes everything; safe to call twice. */
  stop(): Promise<void>;
}

export interface CoreOptions {
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

export function createLogger(level: string): Logger {
  // Logs go to stderr so they never mix with the console chat on stdout.
  return pino({ level, base: undefined }, pino.destination(2));
}

/** Loads the directory, opens (and migrates) the database, and builds the app. */
export async function startCore(config: Config, options: CoreOptions): Promise<Core> {
  const directory = await loadDirectoryFile(config.directoryFile);
  const db = await openDatabase(config.database);
  const store = createPrismaStore(db);
  try {
    await store.transaction((tx) => tx.upsertDirectory(directory));
  } catch (error) {
    await store.close();
    throw error;
  }
  const timers = new MemoryTimers();
  const deps: AppDeps = {
    store,
    notifier: options.notifier,
    clock: options.clock,
    timers,
    logger: options.logger,
    directory: () => directory,
    settings: config.settings,
    locks: new KeyedLock(),
  };
  options.logger.info({ database: config.database.kind, people: directory.people.length }, 'handoff started');
  let stopped = false;
  return {
    app: createHandoffApp(deps),
    store,
    timers,
    directory: () => directory,
    async stop() {
      if (stopped) return;
      stopped = true;
      await store.close();
    },
  };
}
