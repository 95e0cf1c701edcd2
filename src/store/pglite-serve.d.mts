/** Serves an existing PGlite folder on a Unix socket from the calling thread (see pglite-serve.mjs). */
export function servePGlite(dataDir: string, socketPath: string): Promise<{ stop(): Promise<void> }>;
