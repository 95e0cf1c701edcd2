// Loading Prisma's query compiler early (issue 13, start-up). The generated client loads it
// on the first query: its glue module and the compiler's WebAssembly (a 3.4 MB file since
// compiler-from-file.mjs; a 4.6 MB base64 module before, about 140 ms of the main thread
// here). On the embedded database the first query waits for PGlite's thread to open the
// folder, and the main thread idles meanwhile, so loading them then takes them off the
// start-up's critical path. The generated client then finds the glue in the module cache
// and the compiled module in queryCompilerModule's.

import { queryCompilerModule } from './query-compiler-wasm.ts';

/** The compiler's glue, as the generated client (generated/internal/class.ts) imports it. */
const COMPILER_GLUE = '@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs';

/** Starts the loads and returns at once; a failure is left to the client's own load to report. */
export function prewarmQueryCompiler(): void {
  import(COMPILER_GLUE).catch(() => undefined);
  queryCompilerModule().catch(() => undefined);
}
