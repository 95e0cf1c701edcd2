// Whether `.build/` (the sources compiled to JavaScript by build.mjs) matches the sources:
// the same files, none changed since. Plain JavaScript, as it runs before any TypeScript.
// A stale or missing build is never used: the command line then runs the sources through
// tsx, as it always could, so an edit is never masked by an old build.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = path.join(ROOT, '.build');
/** The folders compiled: everything the command line can load. */
const SOURCE_DIRS = ['src', 'adapters'];
/** In every build folder, written last: what the sources were when it was made. */
export const STAMP_NAME = 'stamp.json';

/** Every file under the source folders, relative to the root, sorted. */
export function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

/** What identifies this state of the sources: how many files, and the newest change. */
export function sourceState(files = sourceFiles()) {
  let newest = 0;
  for (const file of files) newest = Math.max(newest, statSync(path.join(ROOT, file)).mtimeMs);
  return { files: files.length, newest };
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(path.join(BUILD_DIR, STAMP_NAME), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * How an entry point in src/bin loads the sources: compiled when the build is fresh, else
 * the TypeScript itself through tsx, whose loader is registered here (its thread starts
 * with it). `load('cli')` is src/cli.ts or its build; `compiled` says which it will be.
 */
export async function sourceLoader() {
  const compiled = buildIsFresh();
  if (!compiled) (await import('tsx/esm/api')).register();
  /** @param {string} module a path under src/, without its extension */
  const load = (module) => import(compiled ? `../../.build/src/${module}.js` : `../${module}.ts`);
  return { compiled, load };
}

/**
 * Said on stderr when the `handoff` command runs from the sources: a server started that way
 * after an upgrade without `npm run build` (a service file that runs `node
 * src/bin/handoff.mjs serve`) works, but slower to start and larger, with nothing to say why.
 * Measured here (`handoff serve` on PostgreSQL after a warm-up, 2026-12-04): 168–203 MB idle
 * from the sources against 110–114 MB from the build.
 */
export const FROM_SOURCES_NOTICE =
  'Handoff runs from its TypeScript sources: .build/ is missing or older than them, so it ' +
  'starts slower and takes about 60 MB more memory. Run `npm run build` (npm start does) to use the build.';

/** True when `.build/` was made from exactly the sources as they are now. */
export function buildIsFresh() {
  const stamp = readStamp();
  if (!stamp) return false;
  const now = sourceState();
  return stamp.files === now.files && stamp.newest === now.newest;
}
