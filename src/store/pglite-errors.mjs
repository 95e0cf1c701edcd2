// Why PGlite failed, in words, for the thread that serves a folder (pglite-worker.mjs) and
// the process that creates one (pglite-init.mjs). PGlite's file system fails with
// Emscripten's ErrnoError, which is no Error and carries only WASI's errno: as a string it
// read "[object Object]".

// The errno values a data folder can cause.
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
export function describePGliteError(error) {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'errno' in error) {
    const errno = Number(error.errno);
    return `the file system refused: ${ERRNO[errno] ?? `errno ${errno}`}`;
  }
  return String(error);
}
