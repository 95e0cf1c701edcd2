// Keeps each connection's extended-protocol batch together on the embedded database's socket
// server (issue 13). pglite-socket 0.2.17 queues the messages of all connections on the one
// PGlite and keeps a connection's messages together only while it is inside a transaction.
// Outside one, two connections' Parse/Bind/Execute/Sync interleave; PostgreSQL's unnamed
// statement and portal belong to the one backend they share, so one query runs the other's
// statement or fails with `portal "" does not exist`. Reads outside a transaction (Store.read)
// need them kept apart. test/store/concurrent-reads.test.ts makes the interleaving happen.
//
// Plain JavaScript, for the worker thread (pglite-worker.mjs).

/** Parse, Bind, Describe, Execute, Close, Flush: a batch goes on until Sync (or a simple Query). */
const MID_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * Replaces the server's queue processing with the library's own rule plus one: after a
 * message that leaves a batch open, the next message processed is that connection's.
 * @param {any} queue the PGLiteSocketServer's `queryQueue`
 */
export function keepBatchesTogether(queue) {
  const known =
    queue &&
    Array.isArray(queue.queue) &&
    'lastHandlerId' in queue &&
    typeof queue.processQueue === 'function' &&
    typeof queue.clearQueueForHandler === 'function' &&
    typeof queue.db?.isInTransaction === 'function' &&
    typeof queue.db?.execProtocolRawStream === 'function';
  if (!known) {
    throw new Error('pglite-socket is not the version whose query queue pglite-batches.mjs knows');
  }
  let midBatch = false;

  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        let item;
        if ((midBatch || this.db.isInTransaction()) && this.lastHandlerId !== null) {
          const at = this.queue.findIndex((q) => q.handlerId === this.lastHandlerId);
          if (at === -1) break; // that connection's next message restarts the processing
          item = this.queue.splice(at, 1)[0];
        } else {
          item = this.queue.shift();
        }
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midBatch = false;
          item.reject(error);
          continue; // the library stopped here for good, leaving `processing` set
        }
        midBatch = MID_BATCH.has(item.message[0]);
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that goes away in the middle of a batch must not hold the others up.
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    clear(handlerId);
    if (midBatch && queue.lastHandlerId === handlerId) {
      midBatch = false;
      void queue.processQueue();
    }
  };
}
