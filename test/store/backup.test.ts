// Backups (issue 4): export → file → import into a fresh database → export again gives
// the same document, on memory, PGlite and PostgreSQL; a failed write leaves no file behind.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/app/ports.ts';
import { ConflictError, ValidationError } from '../../src/domain/errors.ts';
import {
  backupFileName,
  createBackupWriter,
  exportAll,
  importAll,
  readBackupFile,
  rotateBackups,
  writeBackupFile,
  type BackupDocument,
} from '../../src/store/backup.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { T0, testWorld } from '../support/world.ts';

const STAMP = new Date('2026-03-05T12:00:00Z');
let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'handoff-backup-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** Real use-cases write a bit of everything: incidents, handoffs, deadlines, idempotency keys. */
async function fill(store: Store): Promise<void> {
  const h = await createHarness(store, testWorld());
  await h.as('maria', '/incident open wanderlust-web Site down');
  await h.as('dana', '/incident step add Check the server');
  await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
  h.clock.advance(5 * 60_000);
  await h.app.handleCommand({
    actor: { platform: 'slack', userId: 'U0SAM' },
    text: 'accept H1',
    idempotencyKey: 'slack:Ev1',
  });
  await h.as('otto', '/incident open acme-shop Checkout fails');
  await h.as('priya', '/incident INC-2 step add Look at payments @Sam');
  await h.as('dana', '/incident INC-1 update Back soon');
  await h.as('dana', '/incident INC-1 resolve Fixed');
  await h.as('maria', '/incident INC-1 reopen Down again');
}

interface Pair {
  source: Store;
  target: Store;
  close(): Promise<void>;
}

function roundTrip(name: string, makePair: () => Promise<Pair>) {
  it(`round-trips through a file on ${name}`, async () => {
    const { source, target, close } = await makePair();
    try {
      await fill(source);
      const first = await exportAll(source, STAMP);
      expect(first.incidents.map((i) => i.number)).toEqual([1, 2]);
      expect(first.deadlines.some((d) => d.status === 'pending')).toBe(true);
      expect(first.processedKeys.map((k) => k.key)).toEqual(['slack:Ev1']);
      const file = path.join(temp, `${name}.json`);
      await writeBackupFile(first, file);
      await importAll(target, await readBackupFile(file));
      const second = await exportAll(target, STAMP);
      expect(second).toEqual(first);
      // A second import into the now non-empty database is refused, unless replacing.
      await expect(importAll(target, first)).rejects.toBeInstanceOf(ConflictError);
      await importAll(target, first, { replace: true });
      expect(await exportAll(target, STAMP)).toEqual(first);
    } finally {
      await close();
    }
  });
}

describe('backup round trip', () => {
  roundTrip('memory', async () => {
    const [source, target] = [createMemoryStore(), createMemoryStore()];
    return { source, target, close: async () => {} };
  });

  roundTrip('PGlite', async () => {
    const dbs = [
      await openDatabase({ kind: 'pglite-memory' }),
      await openDatabase({ kind: 'pglite-memory' }),
    ];
    return {
      source: createPrismaStore(dbs[0]!),
      target: createPrismaStore(dbs[1]!),
      close: async () => {
        for (const db of dbs) await db.close();
      },
    };
  });
});

const pg = await serverSuite('PostgreSQL', 'backup round trip on PostgreSQL');
describe.skipIf(!pg)('backup round trip on PostgreSQL', () => {
  const servers: TestDatabase[] = [];
  const dbs: Database[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.close();
    for (const s of servers) await s.drop();
  });
  roundTrip('PostgreSQL', async () => {
    for (let i = 0; i < 2; i++) {
      servers.push(await createTestPostgresDatabase());
      dbs.push(await openDatabase({ kind: 'postgres', url: servers[i]!.url }));
    }
    return { source: createPrismaStore(dbs[0]!), target: createPrismaStore(dbs[1]!), close: async () => {} };
  });
});

describe('backup files', () => {
  const doc = async () => {
    const store = createMemoryStore();
    await fill(store);
    return exportAll(store, STAMP);
  };

  it('never leaves a partial file when a write fails, and keeps the previous one', async () => {
    const dir = await mkdtemp(path.join(temp, 'atomic-'));
    const file = path.join(dir, 'backup.json');
    const good = await doc();
    await writeBackupFile(good, file);
    const before = await readFile(file, 'utf8');
    // A value JSON can't write fails midway through serialising.
    const broken = { ...good, processedKeys: [{ key: 'x', processedAt: 1n }] } as unknown as BackupDocument;
    await expect(writeBackupFile(broken, file)).rejects.toThrow(/BigInt/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['backup.json']);
    // The rename fails (a folder is in the way): the temp file is gone, nothing else appears.
    const blocked = path.join(dir, 'blocked.json');
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(path.join(blocked, 'inside'), { recursive: true }),
    );
    await expect(writeBackupFile(good, blocked)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['backup.json', 'blocked.json']);
    expect(await readdir(blocked)).toEqual(['inside']);
  });

  it('refuses a document that is not a Handoff backup, saying what is wrong', async () => {
    const store = createMemoryStore();
    const bad = { ...(await doc()), version: 2 };
    await expect(importAll(store, bad)).rejects.toThrow(/this Handoff reads backup version 1 only/);
    const file = path.join(temp, 'not-json.json');
    await writeFile(file, '{"format": "handoff-backup",');
    await expect(readBackupFile(file)).rejects.toBeInstanceOf(ValidationError);
    const wrongEvent = structuredClone(await doc());
    (wrongEvent.timeline[0]!.payload as { number: unknown }).number = 'one';
    await expect(importAll(store, wrongEvent)).rejects.toThrow(
      'timeline[0] (INC-1 #1 incident.opened): payload.number: Invalid input',
    );
    expect(await exportAll(store, STAMP)).toMatchObject({ incidents: [], timeline: [], deadlines: [] });
  });

  it('refuses control characters in a file, naming the file, entry and field, and writes nothing', async () => {
    const good = await doc();
    const bad = structuredClone(good);
    bad.incidents[0]!.title = 'Site\u0000 down';
    const opened = bad.timeline.find((e) => e.type === 'step.added')!;
    (opened.payload as { title: string }).title = 'Check \u001b]0;pwned\u0007 the server';
    const file = path.join(temp, 'control-characters.json');
    await writeBackupFile(bad, file);
    const error = (await readBackupFile(file).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(file);
    expect(error.message).toContain(
      `${file}: incidents[0] (INC-1): title: contains a control character (U+0000 at character 5)`,
    );
    expect(error.message).toContain(
      `${file}: timeline[${bad.timeline.indexOf(opened)}] (INC-1 #${opened.seq} step.added): payload.title: contains a control character (U+001B at character 7)`,
    );
    // The document as an in-memory value is checked the same way: the database never sees it.
    const db = await openDatabase({ kind: 'pglite-memory' });
    try {
      const store = createPrismaStore(db);
      await expect(importAll(store, bad)).rejects.toBeInstanceOf(ValidationError);
      expect(await exportAll(store, STAMP)).toMatchObject({ incidents: [], timeline: [], deadlines: [] });
      expect((await exportAll(store, STAMP)).directory.people).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('writes scheduled backups under time-ordered names and keeps the newest', async () => {
    const dir = await mkdtemp(path.join(temp, 'rotate-'));
    const store = createMemoryStore();
    await fill(store);
    const writer = createBackupWriter(store, { dir, keep: 3, everyMs: 60_000, now: () => STAMP });
    for (let day = 0; day < 5; day++) await writer.write(new Date(T0.getTime() + day * 86_400_000));
    const names = await readdir(dir);
    expect(names).toEqual([
      'handoff-backup-20260303T080000Z.json',
      'handoff-backup-20260304T080000Z.json',
      'handoff-backup-20260305T080000Z.json',
    ]);
    expect(backupFileName(T0)).toBe('handoff-backup-20260301T080000Z.json');
    expect(await rotateBackups(dir, 1)).toHaveLength(2);
    expect((await readBackupFile(path.join(dir, names[2]!))).incidents).toHaveLength(2);
  });
});
