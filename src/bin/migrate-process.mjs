// Applies the pending migrations of the database whose URL is on standard input, prints the
// outcome as one JSON line; run by a starting bot (src/store/migrate-apart.ts says why).
// It loads the sources as the `handoff` command does: compiled when the build is fresh.
import { buildIsFresh } from './build-state.mjs';
import { useBaselineWasmOnly } from './wasm-tiering.mjs';

useBaselineWasmOnly(); // the schema engine is one large module: wasm-tiering.mjs says why
const compiled = buildIsFresh();
if (!compiled) (await import('tsx/esm/api')).register();
const { migrateProcessMain } = await import(
  compiled ? '../../.build/src/store/migrate-apart.js' : '../store/migrate-apart.ts'
);
process.exit(await migrateProcessMain(process.stdin));
