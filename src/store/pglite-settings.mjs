// PostgreSQL settings for the embedded database, shared by the process that creates a
// folder (pglite-init.mjs) and the thread that serves it (pglite-worker.mjs).

import { PGlite } from '@electric-sql/pglite';

// PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly memory, which
// never shrinks, and all of it is resident from the start (Emscripten's mmap zeroes what it
// hands out). 4 MB (512 pages) holds a small IT shop's hot rows; a page not in it is read
// through the folder's files, which the OS caches. Issue 13, resident memory of an idle
// server on an existing folder: 128 → 16 MB of buffers, 349 → ~200 MB in a bare PGlite test;
// 16 → 4 MB, `handoff serve` after a warm-up, three interleaved runs: 198.7/199.2/198.2 →
// 186.8/187.1/186.0 MB. Step add and status on a 200-step incident and the handoff pairs
// were the same either way (two interleaved runs each of `npm run bench -- commands` and `-- handoffs`).
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=4MB'];
