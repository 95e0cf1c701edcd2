// The embedded database's own thread (issue 13): PGlite runs PostgreSQL synchronously on
// the thread that owns it, so here it blocks this thread, not the event loop that answers
// Slack within 3 s. It is served over the PostgreSQL wire protocol on a Unix socket, and the
// main thread talks to it with the same adapter as to a real server (pglite-serve.mjs).
//
// Plain JavaScript: a worker thread does not inherit the TypeScript loader of its parent
// (tsx in `handoff`, vite-node under vitest).

import { parentPort, workerData } from 'node:worker_threads';
import { describePGliteError } from './pglite-errors.mjs';
import { servePGlite } from './pglite-serve.mjs';

/** @type {{ dataDir: string, socketPath: string }} */
const { dataDir, socketPath } = workerData;

try {
  const served = await servePGlite(dataDir, socketPath);
  parentPort?.on('message', async (message) => {
    if (message !== 'close') return;
    await served.stop();
    parentPort?.postMessage({ closed: true });
  });
  parentPort?.postMessage({ listening: true });
} catch (error) {
  parentPort?.postMessage({ error: describePGliteError(error) });
}
