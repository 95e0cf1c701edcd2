/** V8 marks the old generation on the main thread (see gc-marking.mjs). */
export function useMainThreadMarking(): void;
