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
//
// PostgreSQL also sizes its other shared memory (lock table, process slots, replication
// state) for max_connections = 100 backends, and zeroes all of it at start. PGlite has one
// backend, which every connection to its thread shares (pglite-worker.mjs), and no
// replication: sized for one, shared_memory_size 11 → 7 MB. Resident memory of PGlite's
// WebAssembly memory, `handoff serve` after the warm-up of the slack-load bench (the
// probe's two interleaved runs each, 2026-12-04): 19.0 → 15.0 MB, every run; the process
// tree, five runs each: 188.7 → 185.9 MB on average.
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...['-c', 'shared_buffers=4MB'],
  ...['-c', 'max_connections=1', '-c', 'superuser_reserved_connections=0', '-c', 'reserved_connections=0'],
  ...['-c', 'max_wal_senders=0', '-c', 'max_replication_slots=0'],
];
