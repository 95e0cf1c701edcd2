// Prisma's query compiler, compiled once per process from the .wasm file that
// `npm run generate` writes (src/bin/compiler-from-file.mjs says why it is a file). The
// generated client asks for it once per client; tests open many clients in one process.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// tsconfig's lib has WebAssembly's types but not its value (as in schema-engine.ts).
const wasmApi = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly;

const WASM_FILE = new URL('./generated/query_compiler_fast_bg.postgresql.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiler as the generated client asks for it: compiled on the first call, then shared. */
export function queryCompilerModule(): Promise<WebAssembly.Module> {
  compiled ??= compileQueryCompiler(WASM_FILE);
  return compiled;
}

export function compileQueryCompiler(file: URL): Promise<WebAssembly.Module> {
  return readFile(file).then(
    (bytes) => wasmApi.compile(bytes),
    (error: NodeJS.ErrnoException) => {
      throw new Error(
        `Prisma's query compiler is missing (${fileURLToPath(file)}: ${error.code ?? error.message}). ` +
          'Run `npm run generate`.',
        { cause: error },
      );
    },
  );
}
