// Issue 13: the embedded database's socket server hands PGlite a connection's batch of
// extended-protocol messages (Parse … Sync) in one run, not message by message. Whole
// messages received together are queued together, cut after each Sync or simple Query; a
// message still arriving waits; a startup message goes alone. Through the real thread, a
// batch that fails answers its error and the connection goes on.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { afterAll, describe, expect, it } from 'vitest';
import { groupBatches } from '../../src/store/pglite-batches.mjs';
import { openDatabase, type Database } from '../../src/store/database.ts';

/** A frontend message: its type byte, its length, its body. */
function message(type: string, body = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const startup = (() => {
  const body = Buffer.from('user\0postgres\0database\0template1\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
})();
const query = ['P', 'B', 'D', 'E', 'S'].map((t) => message(t, Buffer.from('x')));

/** The library's handler with our grouping, on a queue that records what it is given. */
function handler() {
  groupBatches(PGLiteSocketHandler);
  const queued: string[] = [];
  const written: Buffer[] = [];
  const queryQueue = {
    async enqueue(_id: number, bytes: Uint8Array, onData: (answer: Uint8Array) => void) {
      queued.push(types(Buffer.from(bytes)));
      onData(new Uint8Array([90, 0, 0, 0, 5, 73])); // ReadyForQuery, idle
      return 6;
    },
  };
  const h = new PGLiteSocketHandler({ queryQueue } as never);
  Object.assign(h, {
    socket: { writable: true, write: (b: Buffer, done: (e?: Error) => void) => (written.push(b), done()) },
    active: true,
  });
  const feed = (bytes: Buffer) =>
    (h as unknown as { handleData(b: Buffer): Promise<number> }).handleData(bytes);
  return { feed, queued, written };
}

/** "PBDES": the types of the whole messages in `bytes` ("0" for a startup message). */
function types(bytes: Buffer): string {
  if (bytes[0] === 0) return '0';
  let out = '';
  for (let at = 0; at < bytes.length; at += 1 + bytes.readInt32BE(at + 1))
    out += String.fromCharCode(bytes[at]!);
  return out;
}

describe('batches on the embedded database socket', () => {
  it('queues the messages of a query together, one batch per Sync, a startup alone', async () => {
    const { feed, queued, written } = handler();
    await feed(startup);
    await feed(Buffer.concat([...query, ...query, message('Q', Buffer.from('SELECT 1\0'))]));
    expect(queued).toEqual(['0', 'PBDES', 'PBDES', 'Q']);
    expect(written).toHaveLength(4); // one answer written per batch
  });

  it('waits for a message cut in two, and queues what came whole before it', async () => {
    const { feed, queued } = handler();
    const all = Buffer.concat(query);
    await feed(all.subarray(0, 14)); // Parse, Bind whole; Describe's first bytes
    expect(queued).toEqual(['PB']);
    await feed(all.subarray(14));
    expect(queued).toEqual(['PB', 'DES']);
  });

  it('refuses a message whose length is shorter than its own header, after running what came before', async () => {
    const { feed, queued } = handler();
    const broken = Buffer.alloc(5);
    broken.write('B', 0, 'latin1');
    broken.writeInt32BE(-5, 1);
    await expect(feed(Buffer.concat([...query, broken, ...query]))).rejects.toThrow(
      'malformed PostgreSQL message (length -4)',
    );
    expect(queued).toEqual(['PBDES']);
  });

  describe('through the real thread', () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'handoff-batches-'));
    let db: Database | undefined;
    afterAll(async () => {
      await db?.close();
      rmSync(temp, { recursive: true, force: true });
    });

    it('answers a failing batch with its error, and the connection goes on', async () => {
      db = await openDatabase({ kind: 'pglite', dataDir: temp });
      const sql = db.sql!;
      await expect(sql.query('SELECT nope FROM "Incident" WHERE "number" = $1', [1])).rejects.toThrow(
        /column "nope" does not exist/,
      );
      await expect(sql.query('SELECT $1::int + 1 AS n', ['not a number'])).rejects.toThrow(/invalid input/);
      expect(await sql.query('SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
      const counts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => sql.query<{ n: number }>('SELECT $1::int AS n', [i])),
      );
      expect(counts.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });
  });
});
