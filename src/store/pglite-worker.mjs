// The embedded database's own thread (issue 13): PGlite runs PostgreSQL synchronously on
// the thread that owns it, so here it blocks this thread, not the event loop that answers
// Slack within 3 s. It is served over the PostgreSQL wire protocol on a Unix socket, and the
// main thread talks to it with the same adapter as to a real server.
//
// Plain JavaScript: a worker thread does not inherit the TypeScript loader of its parent
// (tsx in `handoff`, vite-node under vitest).

import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { groupBatches, keepBatchesTogether } from './pglite-batches.mjs';
import { describePGliteError } from './pglite-errors.mjs';
import { PGLITE_START_PARAMS } from './pglite-settings.mjs';

/** @type {{ dataDir: string, socketPath: string }} */
const { dataDir, socketPath } = workerData;

try {
  // An existing folder: a new one is created first by pglite-init.mjs (pglite-thread.ts).
  const db = new PGlite(dataDir, { startParams: PGLITE_START_PARAMS });
  await db.waitReady;
  // Several connections: the server queues their queries on the one PGlite, keeping a
  // connection's transaction, and each batch of an extended query, together.
  groupBatches(PGLiteSocketHandler);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
  keepBatchesTogether(server.queryQueue);
  await server.start();
  parentPort?.on('message', async (message) => {
    if (message !== 'close') return;
    await server.stop();
    await db.close(); // flushes the folder
    parentPort?.postMessage({ closed: true });
  });
  parentPort?.postMessage({ listening: true });
} catch (error) {
  parentPort?.postMessage({ error: describePGliteError(error) });
}
