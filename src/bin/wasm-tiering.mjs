// WebAssembly runs on V8's baseline compiler (Liftoff) only, for the whole process and its
// threads (issue 13). Handoff carries two large WebAssembly modules: PGlite (PostgreSQL) and
// Prisma's query compiler. By default V8 recompiles their hot functions with its optimising
// compiler (TurboFan) in background threads, which on a small server costs more than it
// gains. Measured here (2 cores), with against without this flag:
//   - PGlite's first answer after start: about 250 ms -> 4 ms. Its thread waited for the
//     background compilation (strace: a futex wait right after it reported ready);
//   - a one-line console script on an existing folder: 2.55 -> 1.71 s, peak memory 349 -> 259 MB;
//   - a PGlite query in a loop: 0.40 -> 0.28 ms; `step add` p50 on PGlite 12.1 -> 8.1 ms,
//     on PostgreSQL 5.6 -> 5.1 ms (npm run bench -- commands).
// It must run before any WebAssembly is compiled: first thing in the `handoff` command.

import v8 from 'node:v8';

export function useBaselineWasmOnly() {
  v8.setFlagsFromString('--liftoff-only');
}
