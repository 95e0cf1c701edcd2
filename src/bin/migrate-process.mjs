// Applies the pending migrations of the database whose URL is on standard input, prints the
// outcome as one JSON line; run by a starting bot (src/store/migrate-apart.ts says why).
// It loads the sources as the `handoff` command does: compiled when the build is fresh.
import { sourceLoader } from './build-state.mjs';
import { useBaselineWasmOnly } from './wasm-tiering.mjs';

useBaselineWasmOnly(); // the schema engine is one large module: wasm-tiering.mjs says why
const { load } = await sourceLoader();
const { migrateProcessMain } = await load('store/migrate-apart');
process.exit(await migrateProcessMain(process.stdin));
