// PostgreSQL settings for the embedded database, shared by the process that creates a
// folder (pglite-init.mjs) and the thread that serves it (pglite-worker.mjs).

import { PGlite } from '@electric-sql/pglite';

// PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly memory, which
// never shrinks: 16 MB is plenty for a small IT shop's incidents (issue 13: resident memory
// of an idle server on an existing folder 349 → ~200 MB in a bare PGlite test).
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
