import type { Worker } from 'node:worker_threads';

/** Sizes the JavaScript heap for a small server (see small-heap.mjs). */
export function useSmallHeap(): void;
/** Keeps it so once a thread has started: `worker`'s, or (none given) one started already. */
export function keepSmallHeap(worker?: Worker): void;
