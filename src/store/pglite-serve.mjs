// Serves an existing PGlite folder over the PostgreSQL wire protocol on a Unix socket, on
// the thread that calls it: PGlite's own thread (pglite-worker.mjs) or, behind Slack's ack
// thread, the main thread (pglite-thread.ts says when and why). Plain JavaScript: a worker
// thread does not inherit the TypeScript loader of its parent.

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { groupBatches, keepBatchesTogether } from './pglite-batches.mjs';
import { describePGliteError } from './pglite-errors.mjs';
import { PGLITE_START_PARAMS } from './pglite-settings.mjs';

/**
 * @param {string} dataDir an existing folder (a new one is created by pglite-init.mjs)
 * @param {string} socketPath
 * @returns {Promise<{ stop(): Promise<void> }>}
 */
export async function servePGlite(dataDir, socketPath) {
  let db;
  try {
    db = new PGlite(dataDir, { startParams: PGLITE_START_PARAMS });
    await db.waitReady;
  } catch (error) {
    // Emscripten's errors are no Error: say what they mean.
    throw new Error(describePGliteError(error), { cause: error });
  }
  // Several connections: the server queues their queries on the one PGlite, keeping a
  // connection's transaction, and each batch of an extended query, together.
  groupBatches(PGLiteSocketHandler);
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
  keepBatchesTogether(server.queryQueue);
  await server.start();
  return {
    async stop() {
      await server.stop();
      await db.close(); // flushes the folder
    },
  };
}
