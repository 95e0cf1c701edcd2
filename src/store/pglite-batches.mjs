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
        midBatch = MID_BATCH.has(lastMessageType(item.message));
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

const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);

const PROTOCOL_3 = 196608; // a startup message's protocol version, where a typed message has its length

/**
 * The whole message at `at` in `buffer`: its type (0 for a startup message, which has none)
 * and its length; null while part of it is still on its way. Throws on a length shorter than
 * the message's own header.
 * @param {Buffer} buffer
 * @param {number} at
 */
function messageAt(buffer, at) {
  const left = buffer.length - at;
  const startup = left >= 8 && buffer.readInt32BE(at + 4) === PROTOCOL_3;
  if (!startup && left < 5) return null;
  const length = startup ? buffer.readInt32BE(at) : 1 + buffer.readInt32BE(at + 1);
  // Shorter than its own header: no message. The socket handler closes the connection.
  if (length < (startup ? 8 : 5)) throw new Error(`malformed PostgreSQL message (length ${length})`);
  return left >= length ? { type: startup ? 0 : buffer[at], length } : null;
}

/** The type of the last message in `bytes` (one or more whole messages; 0 for a startup message). */
function lastMessageType(bytes) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let type = 0;
  for (let at = 0, message; (message = messageAt(buffer, at)); at += message.length) type = message.type;
  return type;
}

/**
 * Hands PGlite a connection's whole batch at once (issue 13). pglite-socket 0.2.17 cuts what
 * a connection sends into single messages and runs each alone, so one parameterised query
 * (Parse, Bind, Describe, Execute, Sync) was five runs of PGlite's main loop, five fs syncs
 * and five socket writes. PGlite's own loop takes several messages in one buffer (it runs
 * until the buffer is used up), so the messages received together are queued together,
 * cut after each Sync or simple Query: one run, one write for the answer.
 * @param {any} Handler pglite-socket's PGLiteSocketHandler class
 */
export function groupBatches(Handler) {
  const proto = Handler?.prototype;
  const known =
    typeof proto?.handleData === 'function' &&
    typeof proto.handleSslRequest === 'function' &&
    typeof proto.handleCancelRequest === 'function' &&
    typeof proto.inspectData === 'function' &&
    typeof proto.resetIdleTimer === 'function';
  if (!known) {
    throw new Error('pglite-socket is not the version whose socket handler pglite-batches.mjs knows');
  }

  proto.handleData = async function handleData(data) {
    if (!this.socket || !this.active) return 0;
    this.messageBuffer = Buffer.concat([this.messageBuffer, data]);
    this.inspectData('incoming', data);
    let written = 0;
    while (this.messageBuffer.length > 0) {
      if (this.handleSslRequest() || this.handleCancelRequest()) continue;
      // As many whole messages as are here, up to and including a Sync or a simple Query.
      let end = 0;
      for (let message; (message = messageAt(this.messageBuffer, end));) {
        if (message.type === 0 && end > 0) break; // a startup message goes alone
        end += message.length;
        if (message.type === 0 || message.type === SYNC || message.type === QUERY) break;
      }
      if (end === 0) break; // the rest of a message is still on its way
      const batch = this.messageBuffer.subarray(0, end);
      this.messageBuffer = this.messageBuffer.subarray(end);
      if (!this.active || !this.socket) break;
      let failed;
      await this.queryQueue.enqueue(this.id, new Uint8Array(batch), (answer) => {
        this.inspectData('outgoing', answer);
        if (answer.length > 0 && this.socket?.writable && this.active) {
          this.socket.write(Buffer.from(answer), (error) => {
            if (error) failed = error;
          });
        }
        written += answer.length;
      });
      if (failed) throw failed;
    }
    this.dispatchEvent(new CustomEvent('data', { detail: { incoming: data.length, outgoing: written } }));
    return written;
  };
}
