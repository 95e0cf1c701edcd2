/** Keeps each connection's extended-protocol batch together on the socket server's queue (see pglite-batches.mjs). */
export function keepBatchesTogether(queue: unknown): void;
/** Queues a connection's messages received together as one batch per Sync (see pglite-batches.mjs). */
export function groupBatches(Handler: unknown): void;
