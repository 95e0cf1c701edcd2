// `handoff export` then `handoff import` into a fresh database reproduces identical data
// (issue 7), on embedded PGlite and on PostgreSQL, through the CLI's own code path.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupCommand, type BackupCliOutput } from '../../src/store/backup-cli.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { renderSummary } from '../../src/domain/summary.ts';
import { createHarness } from '../support/app-harness.ts';
import { createTestPostgresDatabase, serverSuite } from '../support/servers.ts';
import { testWorld } from '../support/world.ts';
import { playStory } from '../web/web-fixture.ts';

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'handoff-backup-cli-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

function recorder(): BackupCliOutput & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (t) => lines.push(t) };
}

async function seed(database: DatabaseConfig): Promise<void> {
  const store = createPrismaStore(await openDatabase(database));
  try {
    await playStory(await createHarness(store, testWorld()));
  } finally {
    await store.close();
  }
}

async function summaryOf(database: DatabaseConfig, number: number): Promise<string> {
  const store = createPrismaStore(await openDatabase(database));
  try {
    const events = await store.transaction((tx) => tx.timeline(number));
    return renderSummary(events, testWorld(), new Date('2026-03-02T00:00:00Z'));
  } finally {
    await store.close();
  }
}

const withoutStamp = (json: string) => ({ ...JSON.parse(json), exportedAt: undefined });

async function roundTrip(source: DatabaseConfig, target: DatabaseConfig, name: string): Promise<void> {
  await seed(source);
  const first = path.join(temp, `${name}-1.json`);
  const second = path.join(temp, `${name}-2.json`);
  const out = recorder();
  await runBackupCommand('export', [first], { database: source }, out);
  expect(out.lines.at(-1)).toContain(`Wrote ${first}`);
  await runBackupCommand('import', [first], { database: target }, out);
  expect(out.lines).toContain('Restoring incidents: 2/2 (100%)');
  await runBackupCommand('export', [second], { database: target }, out);
  const [a, b] = [await readFile(first, 'utf8'), await readFile(second, 'utf8')];
  expect(withoutStamp(b)).toEqual(withoutStamp(a));
  expect(JSON.parse(a).incidents).toHaveLength(2);
  expect(await summaryOf(target, 1)).toBe(await summaryOf(source, 1));
  // A second import is refused, saying how to replace; --replace restores the same data.
  await expect(runBackupCommand('import', [first], { database: target }, out)).rejects.toThrow(
    'add --replace to wipe this one first',
  );
  await runBackupCommand('import', [first, '--replace'], { database: target }, out);
  await runBackupCommand('export', [second], { database: target }, out);
  expect(withoutStamp(await readFile(second, 'utf8'))).toEqual(withoutStamp(a));
}

describe('export and import on PGlite', () => {
  it('reproduces identical data in a fresh database', async () => {
    await roundTrip(
      { kind: 'pglite', dataDir: path.join(temp, 'source') },
      { kind: 'pglite', dataDir: path.join(temp, 'target') },
      'pglite',
    );
  });

  it('imports a directory file, and says how to call it without one', async () => {
    const out = recorder();
    const database: DatabaseConfig = { kind: 'pglite', dataDir: path.join(temp, 'directory') };
    const file = path.resolve(import.meta.dirname, '../../examples/directory.yaml');
    await runBackupCommand('directory', ['import', file], { database }, out);
    expect(out.lines.at(-1)).toMatch(/Imported .*directory\.yaml: 7 organisations, 9 people, 6 sites\./);
    await expect(runBackupCommand('directory', ['import'], { database }, out)).rejects.toThrow(
      'Usage: handoff directory import <file.yaml>',
    );
  });
});

const pg = await serverSuite('PostgreSQL', 'export and import on PostgreSQL');
describe.skipIf(!pg)('export and import on PostgreSQL', () => {
  const dbs: Array<Awaited<ReturnType<typeof createTestPostgresDatabase>>> = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  it('reproduces identical data in a fresh database', async () => {
    dbs.push(await createTestPostgresDatabase(), await createTestPostgresDatabase());
    await roundTrip(
      { kind: 'postgres', url: dbs[0]!.url },
      { kind: 'postgres', url: dbs[1]!.url },
      'postgres',
    );
  });
});
