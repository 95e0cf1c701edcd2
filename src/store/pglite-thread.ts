// Starts the embedded database in its worker thread (pglite-worker.mjs) and gives back the
// URL it serves on, plus a close that flushes the folder and ends the thread.

import { Worker } from 'node:worker_threads';

export interface PGliteThread {
  /** A PostgreSQL URL for the served database. */
  url: string;
  /** Stops serving, closes PGlite (writing the folder) and ends the thread. */
  close(): Promise<void>;
}

type FromWorker = { port: number } | { error: string } | { closed: true };

export async function startPGliteThread(
  dataDir: string,
  onCrash: (error: Error) => void,
): Promise<PGliteThread> {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
  let closing = false;
  let started: (message: FromWorker) => void = () => {};
  let failedAtStart: (error: Error) => void = () => {};
  const endedAtStart = (code: number) =>
    failedAtStart(new Error(`the database thread ended at start (exit code ${code})`));
  const port = await new Promise<number>((resolve, reject) => {
    started = (message) => {
      if ('port' in message) resolve(message.port);
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
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
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
