// Handoff's V8 settings, set at run time by the `handoff` command before anything else, and
// by whatever runs Handoff's code as Handoff runs (the bench's own process, its PGlite floor),
// so that one list serves all and none is missed (the floor lacked the small heap until
// 2026-12-04). Each module says why, with its measurements.

import { useMainThreadMarking } from './gc-marking.mjs';
import { useSmallHeap } from './small-heap.mjs';
import { useBaselineWasmOnly } from './wasm-tiering.mjs';

export function useHandoffV8Settings() {
  // Before any WebAssembly is compiled.
  useBaselineWasmOnly();
  // Before the heap grows.
  useSmallHeap();
  // Before the first full collection.
  useMainThreadMarking();
}
