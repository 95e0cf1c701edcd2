// Creates the embedded database in a new folder, in a process of its own (issue 13).
// initdb grows PGlite's WebAssembly memory for good, and a thread that ran it kept about
// 75 MB of the process's memory after it ended (glibc keeps a finished thread's heap arena
// for reuse); an ended process gives all of it back. Measured here, `handoff serve` on a
// new folder 3 s after start, back to back: 296 MB with a thread, 219 MB with this process,
// about what an existing folder takes (221 MB).
//
// Usage: node pglite-init.mjs <dataDir>. Exits 0 once the folder is written; otherwise
// prints the reason on stderr and exits 1. Plain JavaScript, as the worker.

import { PGlite } from '@electric-sql/pglite';
import { useBaselineWasmOnly } from '../bin/wasm-tiering.mjs';
import { describePGliteError } from './pglite-errors.mjs';
import { PGLITE_START_PARAMS } from './pglite-settings.mjs';

// As in the process that started this one, before PGlite compiles its WebAssembly.
useBaselineWasmOnly();

const dataDir = process.argv[2];
try {
  if (!dataDir) throw new Error('no data folder given');
  const db = new PGlite(dataDir, { startParams: PGLITE_START_PARAMS });
  await db.waitReady;
  await db.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${describePGliteError(error)}\n`);
  process.exit(1);
}
