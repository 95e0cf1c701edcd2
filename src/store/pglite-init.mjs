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
import { PGLITE_START_PARAMS } from './pglite-settings.mjs';

// PGlite's file system fails with Emscripten's ErrnoError, which is no Error and carries
// only WASI's errno; these are the ones a data folder can cause.
const ERRNO = {
  2: 'permission denied (EACCES)',
  20: 'a file already exists where it creates one (EEXIST)',
  31: 'a folder is where it writes a file (EISDIR)',
  44: 'a file is missing (ENOENT)',
  51: 'the disk is full (ENOSPC)',
  54: 'a file is where it needs a folder (ENOTDIR)',
  63: 'operation not permitted (EPERM)',
  69: 'the file system is read-only (EROFS)',
};

/** @param {unknown} error */
function describe(error) {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'errno' in error) {
    const errno = Number(error.errno);
    return `the file system refused: ${ERRNO[errno] ?? `errno ${errno}`}`;
  }
  return String(error);
}

const dataDir = process.argv[2];
try {
  if (!dataDir) throw new Error('no data folder given');
  const db = new PGlite(dataDir, { startParams: PGLITE_START_PARAMS });
  await db.waitReady;
  await db.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${describe(error)}\n`);
  process.exit(1);
}
