/** WebAssembly on the baseline compiler, the small heap and marking on the main thread (see v8-settings.mjs). */
export function useHandoffV8Settings(): void;
