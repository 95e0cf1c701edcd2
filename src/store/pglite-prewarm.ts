// Starting the embedded database early (issue 13, start-up). PGlite takes about 2 s to open a
// folder in its thread; loading the rest of Handoff (Prisma, the adapters) takes about as
// long on the main thread. The command line starts the thread as soon as it holds the data
// folder's lock, so the two overlap; openDatabase then takes the running thread instead of
// starting one. This module stays light: it must not pull in Prisma.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startPGliteThread, type PGliteThread } from './pglite-thread.ts';

interface Warming {
  thread: Promise<PGliteThread>;
  /** Where a crash goes; set by whoever takes the thread. */
  onCrash: (error: Error) => void;
  taken: boolean;
}

const warming = new Map<string, Warming>();

export interface Prewarmed {
  /** Closes the thread if nobody took it (the command failed before opening the database). */
  release(): Promise<void>;
}

/** Starts the folder's database thread now. Only with the folder's lock held (cli.ts). */
export function prewarmPGlite(dataDir: string): Prewarmed {
  const key = resolve(dataDir);
  const entry: Warming = {
    // The crash handler is looked up when a crash happens: the taker sets it later.
    thread: mkdir(key, { recursive: true }).then(() =>
      startPGliteThread(key, (error) => entry.onCrash(error)),
    ),
    onCrash: () => {},
    taken: false,
  };
  // A failure to start is reported by openDatabase, which awaits it; never unhandled here.
  entry.thread.catch(() => {});
  warming.set(key, entry);
  return {
    async release() {
      if (warming.get(key) !== entry) return;
      warming.delete(key);
      if (entry.taken) return;
      // Never left half-initialised: a new folder is being written while PGlite starts.
      const thread = await entry.thread.catch(() => undefined);
      await thread?.close();
    },
  };
}

/** The thread started early for this folder, if any; its crashes go to `onCrash` from now on. */
export function takePrewarmedPGlite(
  dataDir: string,
  onCrash: (error: Error) => void,
): Promise<PGliteThread> | undefined {
  const entry = warming.get(resolve(dataDir));
  if (!entry || entry.taken) return undefined;
  entry.taken = true;
  entry.onCrash = onCrash;
  return entry.thread;
}
