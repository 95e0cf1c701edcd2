/** Sizes the JavaScript heap for a small server (see small-heap.mjs). */
export function useSmallHeap(): void;
