// Issue 12, build 3, through the real CLI on PGlite: the seen cases and a handful of fuzzed
// corrupted files are refused with one line per problem naming the file, and every table is
// byte-for-byte unchanged; a corrupted file the reader accepts imports cleanly.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupCommand, type BackupCliOutput } from '../../src/store/backup-cli.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { parseBackupText } from '../../src/store/backup.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { corruptedFile, type Json } from '../store/backup-corruptions.ts';
import { fillStore } from '../store/backup-fixture.ts';
import { tableChecksums } from '../store/table-checksums.ts';

let temp: string;
let database: DatabaseConfig;
let good: Record<string, unknown> & { incidents: { participants: unknown[]; status: string }[] };
const out: BackupCliOutput = { line: () => {} };

async function checksums(): Promise<Record<string, string>> {
  const db = await openDatabase(database);
  try {
    return await tableChecksums(db);
  } finally {
    await db.close();
  }
}

/** Imports `text` with --replace through the CLI; the error it throws, if any. */
async function importText(name: string, text: string): Promise<unknown> {
  const file = path.join(temp, name);
  await writeFile(file, text);
  return runBackupCommand('import', [file, '--replace'], { database }, out).then(
    () => undefined,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'handoff-import-refusals-'));
  database = { kind: 'pglite', dataDir: path.join(temp, 'data') };
  const db = await openDatabase(database);
  try {
    await fillStore(createPrismaStore({ prisma: db.prisma, close: async () => {} }));
  } finally {
    await db.close();
  }
  await runBackupCommand('export', [path.join(temp, 'good.json')], { database }, out);
  good = JSON.parse(await readFile(path.join(temp, 'good.json'), 'utf8')) as typeof good;
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

const accepts = (text: string) => {
  try {
    parseBackupText(text, 'x');
    return true;
  } catch {
    return false;
  }
};

describe('handoff import --replace refuses a file it cannot trust, on PGlite', () => {
  it('refuses the seen cases and fuzzed files, naming file, entry and problem, and changes no table', async () => {
    const ghost = structuredClone(good);
    ghost.incidents[0]!.participants.push({
      personId: 'ghost',
      role: 'observer',
      joinedAt: '2026-03-01T08:00:00.000Z',
    });
    const contradicted = structuredClone(good);
    contradicted.incidents[1]!.status = 'resolved';
    // Fixed seed: the first six corrupted files the reader refuses, then two it accepts.
    const samples = fc.sample(corruptedFile(good as Json), { seed: 4242, numRuns: 300 });
    const refused = samples.filter((s) => !accepts(s.text)).slice(0, 6);
    const accepted = samples.filter((s) => accepts(s.text)).slice(0, 2);
    expect([refused.length, accepted.length]).toEqual([6, 2]);

    const before = await checksums();
    for (const [name, doc, expected] of [
      [
        'ghost.json',
        ghost,
        'ghost.json: incidents[0] (INC-1): participants[4] (ghost): person "ghost" is not in the directory',
      ],
      [
        'contradicted.json',
        contradicted,
        'contradicted.json: incidents[1] (INC-2): status: "resolved", but its timeline (events 1 to 6) gives "open"',
      ],
    ] as const) {
      const error = (await importText(name, JSON.stringify(doc))) as Error;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain(path.join(temp, expected));
      expect(error.message).not.toMatch(/someone else|try again/);
    }
    for (const [i, { classes, text }] of refused.entries()) {
      const error = (await importText(`fuzz-${i}.json`, text)) as Error;
      expect(error, classes.join()).toBeInstanceOf(ValidationError);
      expect(
        error.message
          .split('\n')
          .slice(1)
          .every((l) => l.startsWith(path.join(temp, `fuzz-${i}.json: `))),
      ).toBe(true);
    }
    expect(await checksums()).toEqual(before);
    // What the reader accepts (a corruption of free text, say), the database takes whole.
    for (const [i, { classes, text }] of accepted.entries()) {
      expect(await importText(`fuzz-ok-${i}.json`, text), classes.join()).toBeUndefined();
    }
  });
});
