// Opening the database: the embedded one persists in its folder, and a PostgreSQL that
// cannot be reached fails at once with a message that says what to fix.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.ts';
import { openDatabase, redact } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { directory } from './fixtures.ts';

describe('openDatabase', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps an embedded database in its folder across restarts, migrating it once', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'handoff-db-'));
    dirs.push(parent);
    const dataDir = join(parent, 'nested', 'pglite'); // created on open

    const first = await openDatabase({ kind: 'pglite', dataDir });
    expect(first.appliedMigrations.length).toBeGreaterThan(0);
    const store = createPrismaStore(first);
    await store.transaction((tx) => tx.upsertDirectory(directory()));
    await store.close();

    const second = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(second.appliedMigrations).toEqual([]);
      const loaded = await createPrismaStore(second).transaction((tx) => tx.loadDirectory());
      expect(loaded).toEqual(directory());
    } finally {
      await second.close();
    }
  });

  it('says why a new embedded folder could not be created (PGlite fails with no Error)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'handoff-db-'));
    dirs.push(dataDir);
    // A file where PostgreSQL puts its `global` folder: initdb, in its own process, fails.
    await writeFile(join(dataDir, 'global'), 'not a folder');
    const opening = openDatabase({ kind: 'pglite', dataDir });
    await expect(opening).rejects.toThrow(HandoffError);
    await expect(opening).rejects.toThrow(
      `Could not open the embedded database in ${dataDir}: the file system refused: ` +
        'a file is where it needs a folder (ENOTDIR). Check that the folder is writable',
    );
  });

  it('says how to fix an unreachable PostgreSQL, without showing the password', async () => {
    const url = 'postgresql://handoff:s3cret@127.0.0.1:1/handoff';
    const failure = await openDatabase({ kind: 'postgres', url }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HandoffError);
    const error = failure as HandoffError;
    expect(error.message).toContain(
      'Could not connect to PostgreSQL at postgresql://handoff:***@127.0.0.1:1/handoff',
    );
    expect(error.message).toContain('Check DATABASE_URL');
    expect(error.message).toContain("Can't reach database server at 127.0.0.1:1");
    expect(error.message).not.toContain('s3cret');
    expect(error.cause).toBeDefined();
  });

  it('refuses a URL that is not one', async () => {
    await expect(openDatabase({ kind: 'postgres', url: 'not a url' })).rejects.toThrow(
      /not a valid PostgreSQL URL/,
    );
  });

  it('redacts passwords only', () => {
    expect(redact('postgresql://u:p@h:5432/d?sslmode=require')).toBe(
      'postgresql://u:***@h:5432/d?sslmode=require',
    );
    expect(redact('postgresql://u@h/d')).toBe('postgresql://u@h/d');
  });
});
