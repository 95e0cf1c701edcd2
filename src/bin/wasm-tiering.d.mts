/** Runs WebAssembly on V8's baseline compiler only (see wasm-tiering.mjs). */
export function useBaselineWasmOnly(): void;
