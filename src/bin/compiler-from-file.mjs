#!/usr/bin/env node
// Run by `npm run generate`, right after `prisma generate`: Prisma's query compiler is read
// from a .wasm file instead of the 4.6 MB base64 module the generated client imports.
// An ES module cannot be unloaded, so that module's text and its string (twice 4.6 MB, in
// the JavaScript heap) stayed for the whole life of the process, beside the compiled module
// they had served once. Measured here (a bare node process, the compiler compiled and
// instantiated, after a full collection): resident memory +21.2 MB from the base64 module,
// +11.0 MB from the file; heap +8.9 MB against +0.1 MB (issue 13: memory idle ≤ 150 MB).
// Prisma's generator has no option for it (its Node runtime always embeds base64), so the
// generated class.ts is edited in one place, and the generate fails loudly if that place
// ever changes shape rather than keep the costly import unnoticed.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './build-state.mjs';

const GENERATED = path.join(ROOT, 'src/store/generated');
const CLASS_FILE = path.join(GENERATED, 'internal/class.ts');
/** Where src/store/query-compiler-wasm.ts reads it from (copied to .build with the sources). */
const WASM_FILE = path.join(GENERATED, 'query_compiler_fast_bg.postgresql.wasm');
const BASE64_MODULE = '@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs';

const EMBEDDED = `  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("${BASE64_MODULE}")
    return await decodeBase64AsWasm(wasm)
  },`;
const FROM_FILE = `  // Edited by src/bin/compiler-from-file.mjs: the compiler from a file, not a base64 module.
  getQueryCompilerWasmModule: async () => (await import("../../query-compiler-wasm.ts")).queryCompilerModule(),`;

/** class.ts with the compiler loaded from the file; the same text if it already is; else throws. */
export function editGeneratedClass(source) {
  if (source.includes(FROM_FILE)) return source;
  if (!source.includes(EMBEDDED)) {
    throw new Error(
      `${path.relative(ROOT, CLASS_FILE)} no longer loads the query compiler as expected ` +
        '(a new Prisma version?): update src/bin/compiler-from-file.mjs to match it.',
    );
  }
  return source.replace(EMBEDDED, FROM_FILE);
}

async function main() {
  const { wasm } = await import(BASE64_MODULE);
  writeFileSync(WASM_FILE, Buffer.from(wasm, 'base64'));
  const source = readFileSync(CLASS_FILE, 'utf8');
  const edited = editGeneratedClass(source);
  if (edited !== source) writeFileSync(CLASS_FILE, edited);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
