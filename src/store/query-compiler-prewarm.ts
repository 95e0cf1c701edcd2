// Loading Prisma's query compiler early (issue 13, start-up). The generated client imports
// it on the first query: two modules, one of them the compiler's WebAssembly as a 3 MB
// base64 string, about 140 ms of the main thread here. On the embedded database the first
// query waits for PGlite's thread to open the folder, and the main thread idles meanwhile,
// so importing them then takes them off the start-up's critical path. The generated client's
// own imports then find them in the module cache.

/** The modules the generated client (generated/internal/class.ts) imports for PostgreSQL. */
const COMPILER_MODULES = [
  '@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs',
  '@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs',
];

/** Starts the imports and returns at once; a failure is left to the client's own import to report. */
export function prewarmQueryCompiler(): void {
  for (const name of COMPILER_MODULES) {
    import(name).catch(() => undefined);
  }
}
