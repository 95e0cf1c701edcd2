// Issue 13: a command's writes wait in a batch and go to the database as one statement
// (src/store/write-batch.ts). Each write keeps its own row count and its own reading of a
// failure; a second write to the same table sends the batch first.

import { describe, expect, it } from 'vitest';
import { insertStatement, updateStatement, type Column } from '../../src/store/raw-writes.ts';
import type { Sql } from '../../src/store/sql.ts';
import { createWriteBatch, GUARD_FAILED, type BatchedWrite } from '../../src/store/write-batch.ts';
import { freshPostgresForSuite } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';

/** The pool road, with every statement it sends kept. */
function counting(sql: Sql) {
  const sent: string[] = [];
  const counted: Sql = {
    query: (text, params) => (sent.push(text), sql.query(text, params)),
    execute: (text, params) => (sent.push(text), sql.execute(text, params)),
  };
  return { sent, sql: counted };
}

const at = new Date('2026-12-02T05:00:00.123Z');

interface KeyRow {
  key: string;
  processedAt: Date;
}
const KEY: Array<Column<KeyRow>> = [
  { name: 'key', cast: 'text' },
  { name: 'processedAt', cast: 'timestamp(3)' },
];
/** `processedAt = $at` where the key is `key`: matches nothing for a key not stored. */
const touchKey = (key: string) =>
  updateStatement<KeyRow>('ProcessedKey', [KEY[1]!], { processedAt: at }, [{ ...KEY[0]!, value: key }]);
/** `updatedAt = $at` of the slack reference `key`: matches nothing for a reference not stored. */
const touchRef = (key: string) =>
  updateStatement<{ platform: string; key: string; updatedAt: Date }>(
    'PlatformRef',
    [{ name: 'updatedAt', cast: 'timestamp(3)' }],
    { updatedAt: at },
    [
      { name: 'platform', cast: 'text', value: 'slack' },
      { name: 'key', cast: 'text', value: key },
    ],
  );
const REF = [
  { name: 'platform' as const, cast: 'text' },
  { name: 'key' as const, cast: 'text' },
  { name: 'value' as const, cast: 'jsonb' },
  { name: 'updatedAt' as const, cast: 'timestamp(3)' },
];

const keyInsert = (...keys: string[]): BatchedWrite => ({
  table: 'ProcessedKey',
  ...insertStatement(
    'ProcessedKey',
    KEY,
    keys.map((key) => ({ key, processedAt: at })),
    { onConflict: 'ON CONFLICT DO NOTHING' },
  ),
});
const refInsert = (key: string, value: object): BatchedWrite => ({
  table: 'PlatformRef',
  ...insertStatement('PlatformRef', REF, [{ platform: 'slack', key, value, updatedAt: at }]),
});

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('a write batch, PostgreSQL', () => {
  const fresh = freshPostgresForSuite();

  it('sends writes to several tables as one statement, each with its own row count', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    const counts: number[] = [];
    await batch.add({ ...keyInsert('a', 'b'), check: (n) => counts.push(n) });
    await batch.add({
      ...refInsert('status:1', { ts: '1.000', note: 'tea & $2' }),
      check: (n) => counts.push(n),
    });
    const update = touchKey('nobody');
    expect(sent).toEqual([]); // deferred: nothing yet
    await batch.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^WITH s0 AS \(INSERT INTO "ProcessedKey".* s1 AS \(INSERT INTO "PlatformRef"/);
    expect(counts).toEqual([2, 1]);
    // The parameters were renumbered: the second statement's values landed in its own row.
    expect(await fresh.db.prisma.platformRef.findMany()).toEqual([
      { platform: 'slack', key: 'status:1', value: { ts: '1.000', note: 'tea & $2' }, updatedAt: at },
    ]);
    expect(
      (await fresh.db.prisma.processedKey.findMany({ orderBy: { key: 'asc' } })).map((k) => k.key),
    ).toEqual(['a', 'b']);
    // A lone write is sent as itself; an update that matched nothing counts 0.
    let matched = -1;
    await batch.add({ table: 'ProcessedKey', ...update, check: (n) => (matched = n) });
    await batch.flush();
    expect(sent[1]).toMatch(/^UPDATE "ProcessedKey"/);
    expect(matched).toBe(0);
    await batch.flush(); // nothing waits: nothing is sent
    expect(sent).toHaveLength(2);
  });

  it('a batch of a shape sent before reuses its statement, with its own values; another shape gets its own', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    for (const key of ['shape:1', 'shape:2']) {
      await batch.add(keyInsert(`${key}:a`, `${key}:b`));
      await batch.add(refInsert(key, { key }));
      await batch.flush();
    }
    expect(sent[1]).toBe(sent[0]);
    expect(
      await fresh.db.prisma.platformRef.findMany({
        where: { key: { startsWith: 'shape:' } },
        orderBy: { key: 'asc' },
      }),
    ).toEqual([
      { platform: 'slack', key: 'shape:1', value: { key: 'shape:1' }, updatedAt: at },
      { platform: 'slack', key: 'shape:2', value: { key: 'shape:2' }, updatedAt: at },
    ]);
    // The same texts, but one write must touch one row: a statement with its guard.
    await batch.add(keyInsert('shape:3:a', 'shape:3:b'));
    await batch.add({ ...refInsert('shape:3', {}), expect: 1 });
    await batch.flush();
    expect(sent[2]).not.toBe(sent[0]);
    expect(sent[2]).toContain('1 / ((SELECT count(*) FROM s1) = 1)::int');
    // One row more: another text, another statement.
    await batch.add(keyInsert('shape:4:a', 'shape:4:b', 'shape:4:c'));
    await batch.add(refInsert('shape:4', {}));
    await batch.flush();
    expect(sent[3]).toMatch(
      /VALUES \(\$1::text, \$2::timestamp\(3\)\), \(\$3.*\), \(\$5.*\) ON CONFLICT DO NOTHING/,
    );
    expect(sent[3]).toContain('"PlatformRef"');
    expect(sent[3]).toContain('$7::text');
    expect(await fresh.db.prisma.processedKey.count({ where: { key: { startsWith: 'shape:4:' } } })).toBe(3);
  });

  it('sends the batch before a second write to the same table, so no row is written twice in one statement', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    await batch.add(keyInsert('c'));
    await batch.add(refInsert('status:2', {}));
    await batch.add(keyInsert('c', 'd')); // the same row again: ON CONFLICT sees the first one
    await batch.flush();
    expect(sent).toHaveLength(2);
    const keys = await fresh.db.prisma.processedKey.findMany({ where: { key: { in: ['c', 'd'] } } });
    expect(keys.map((k) => k.key).sort()).toEqual(['c', 'd']);
  });

  it('is sent for a read of a table only when a write to that table waits in it', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    await batch.add(keyInsert('g'));
    await batch.flushFor('PlatformRef'); // nothing of that table waits: nothing is sent
    expect(sent).toHaveLength(0);
    await batch.add(refInsert('status:3', {}));
    await batch.flushFor('PlatformRef');
    expect(sent).toHaveLength(1); // both writes, in the one statement
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'g' } })).not.toBeNull();
  });

  it('a failed batch is read by the write whose failure it is, and nothing of it remains', async () => {
    const { sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    await batch.add({
      ...keyInsert('e'),
      explain: () => {}, // not its to name
    });
    await batch.add({
      ...refInsert('status:1', {}), // already there: a unique violation
      explain: (error) => {
        throw new Error(`status:1 is taken (${(error as Error).message.slice(0, 40)})`);
      },
    });
    await expect(batch.flush()).rejects.toThrow(/^status:1 is taken/);
    // One statement: the key inserted beside the failing reference is not there either.
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'e' } })).toBeNull();
  });

  it('a check may refuse what a write touched, once the batch is sent', async () => {
    const batch = createWriteBatch(fresh.db.sql!, { deferred: true });
    await batch.add({
      table: 'ProcessedKey',
      ...touchKey('nobody'),
      check: (n) => {
        if (n !== 1) throw new Error('changed while you were typing');
      },
    });
    await expect(batch.flush()).rejects.toThrow('changed while you were typing');
  });

  it('a write that must touch a number of rows (expect) fails the whole statement otherwise', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    await batch.add(keyInsert('h'));
    await batch.add({ table: 'PlatformRef', ...touchRef('status:none'), expect: 1 });
    await expect(batch.flush()).rejects.toMatchObject({ code: GUARD_FAILED });
    expect(sent).toHaveLength(1); // one statement, sent without a transaction around it
    // Nothing of it remains: the key inserted beside the unmatched update is not there.
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'h' } })).toBeNull();
    // Matched as expected, the same batch is written.
    await batch.add(keyInsert('h'));
    await batch.add({ table: 'PlatformRef', ...touchRef('status:1'), expect: 1 });
    await batch.flush();
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'h' } })).not.toBeNull();
  });

  it('gives a write the rows it touched (returning) and the id of the transaction that wrote them (sent)', async () => {
    const batch = createWriteBatch(fresh.db.sql!, { deferred: true });
    let rows: Array<Record<string, unknown>> = [];
    let xid = '';
    await batch.add({ ...keyInsert('i', 'j'), sent: (id) => (xid = id) });
    await batch.add({ table: 'PlatformRef', ...touchRef('status:1'), returning: (r) => (rows = r) });
    await batch.flush();
    expect(rows).toEqual([expect.objectContaining({ platform: 'slack', key: 'status:1' })]);
    const [written] = await fresh.db.sql!.query<{ xmin: string }>(
      `SELECT xmin::text AS "xmin" FROM "ProcessedKey" WHERE "key" = 'i'`,
    );
    expect(xid).toBe(written!.xmin);
  });

  it('sends a write marked first before the writes added earlier', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: true });
    await batch.add(keyInsert('l'));
    await batch.add({ ...refInsert('status:4', {}), first: true });
    await batch.flush();
    expect(sent[0]).toMatch(/^WITH s0 AS \(INSERT INTO "PlatformRef".* s1 AS \(INSERT INTO "ProcessedKey"/);
  });

  it('calls beforeSend before every send but the last flush', async () => {
    let before = 0;
    const batch = createWriteBatch(fresh.db.sql!, {
      deferred: true,
      beforeSend: async () => void before++,
    });
    await batch.add(keyInsert('m'));
    await batch.add(keyInsert('n')); // the same table: the first is sent now
    expect(before).toBe(1);
    await batch.flush({ last: true });
    expect(before).toBe(1);
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'n' } })).not.toBeNull();
  });

  it('not deferred, each write is sent as it is added', async () => {
    const { sent, sql } = counting(fresh.db.sql!);
    const batch = createWriteBatch(sql, { deferred: false });
    await batch.add(keyInsert('f'));
    expect(sent).toHaveLength(1);
    expect(await fresh.db.prisma.processedKey.findUnique({ where: { key: 'f' } })).not.toBeNull();
  });
});
