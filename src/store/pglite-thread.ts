// Starts the embedded database in its worker thread (pglite-worker.mjs) and gives back the
// URL it serves on, plus a close that flushes the folder and ends the thread; or serves it
// from the main thread, behind Slack's ack thread (startPGliteOnMainThread says when).

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { keepSmallHeap } from '../bin/small-heap.mjs';
import { runNodeScript } from './node-process.ts';
import type { servePGlite } from './pglite-serve.mjs';

export interface PGliteThread {
  /** A PostgreSQL URL for the served database. */
  url: string;
  /** Stops serving, closes PGlite (writing the folder) and ends the thread. */
  close(): Promise<void>;
}

type FromWorker = { listening: true } | { error: string } | { closed: true };

const WORKER = new URL('./pglite-worker.mjs', import.meta.url);
const INIT = fileURLToPath(new URL('./pglite-init.mjs', import.meta.url));

/**
 * Creates the database in a new folder in a process of its own that then ends: initdb grows
 * PGlite's WebAssembly memory (about 800 MB resident) and it never shrinks, and a thread
 * that ran it left about 75 MB behind (pglite-init.mjs). The thread that serves starts on
 * the created folder.
 */
async function initialiseFolder(dataDir: string): Promise<void> {
  const { code, stderr } = await runNodeScript(INIT, [dataDir]);
  if (code !== 0) throw new Error(stderr.trim() || `the database could not be created (exit code ${code})`);
}

/**
 * The database is served on a Unix socket in a folder of its own, private to this user
 * (mkdtemp makes it 0700) and removed when the thread ends. It was a TCP port on 127.0.0.1
 * until 2026-12-03, which any local user could open without a password (trust auth) while
 * Handoff ran. pg finds the socket as PostgreSQL names it, `.s.PGSQL.<port>`.
 */
const SOCKET_PORT = 5432;
const SOCKET_DIR = /^handoff-db-(\d+)-/;

/**
 * A new socket folder named after this process. A process that was killed could not
 * remove its own, so the folders of processes that no longer run are removed first.
 */
function privateSocketDir(): string {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(SOCKET_DIR.exec(name)?.[1]);
    if (pid > 0 && !running(pid)) removeQuietly(join(tmpdir(), name));
  }
  return mkdtempSync(join(tmpdir(), `handoff-db-${process.pid}-`));
}

/** A folder that cannot be removed (another user's, in a sticky /tmp) is left: it is in nobody's way. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left for its owner
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user, whose folder is not ours to remove anyway.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Creates the folder's database if it has none; gives back a new private socket folder and the socket in it. */
async function prepareFolder(dataDir: string): Promise<{ socketDir: string; socketPath: string }> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialiseFolder(dataDir);
  const socketDir = privateSocketDir();
  return { socketDir, socketPath: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`) };
}

/**
 * Serves the folder from this thread, on the same kind of socket. Only where another thread
 * acknowledges the chat: PGlite runs each query synchronously and blocks this event loop
 * meanwhile, which is where the commands run anyway. Behind Slack's ack thread the acks are
 * not on this loop, and a thread of PGlite's own would cost its isolate (issue 13: resident
 * memory idle ≤ 150 MB; README, Memory on PGlite).
 */
export async function startPGliteOnMainThread(dataDir: string): Promise<PGliteThread> {
  const { socketDir, socketPath } = await prepareFolder(dataDir);
  let served: Awaited<ReturnType<typeof servePGlite>>;
  try {
    // Loaded here: PGlite's module costs a process that never serves a folder from its main
    // thread (PostgreSQL, the command line's early start) about 5 MB.
    const { servePGlite } = await import('./pglite-serve.mjs');
    served = await servePGlite(dataDir, socketPath);
  } catch (error) {
    removeQuietly(socketDir);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: socketUrl(socketDir),
    close: () => (closed ??= served.stop().finally(() => removeQuietly(socketDir))),
  };
}

function socketUrl(socketDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}`;
}

export async function startPGliteThread(
  dataDir: string,
  onCrash: (error: Error) => void,
): Promise<PGliteThread> {
  const { socketDir, socketPath } = await prepareFolder(dataDir);
  const worker = new Worker(WORKER, { workerData: { dataDir, socketPath } });
  worker.once('exit', () => removeQuietly(socketDir));
  // Its isolate resets the young generation's growth for the whole process (small-heap.mjs).
  keepSmallHeap(worker);
  let closing = false;
  let started: (message: FromWorker) => void = () => {};
  let failedAtStart: (error: Error) => void = () => {};
  const endedAtStart = (code: number) =>
    failedAtStart(new Error(`the database thread ended at start (exit code ${code})`));
  await new Promise<void>((resolve, reject) => {
    started = (message) => {
      if ('listening' in message) resolve();
      else reject(new Error('error' in message ? message.error : 'the database thread closed at start'));
    };
    failedAtStart = reject;
    worker.once('message', started);
    worker.once('error', failedAtStart);
    worker.once('exit', endedAtStart);
  });
  // Only our own listeners: removeAllListeners would also drop Node's, and with them the
  // worker's messages.
  worker.off('error', failedAtStart);
  worker.off('exit', endedAtStart);
  // After start, a thread that dies takes the database with it: nothing can be saved.
  worker.on('error', (error) => onCrash(error));
  worker.on('exit', (code) => {
    if (!closing) onCrash(new Error(`the embedded database thread ended (exit code ${code})`));
  });
  return {
    url: socketUrl(socketDir),
    async close() {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: FromWorker) => {
          if ('closed' in message) resolve();
        });
        worker.once('exit', () => resolve());
      });
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
