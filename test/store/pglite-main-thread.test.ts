// Behind Slack's ack thread the server serves its PGlite folder from the main thread
// (src/store/pglite-thread.ts `startPGliteOnMainThread`; issue 13: memory): the same
// database, reached the same way, with no thread of its own, and the folder left whole for
// the next process, which may serve it from a thread again.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { directory } from './fixtures.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** This process's threads (Linux). */
const threads = async () => (await readdir('/proc/self/task')).length;

it('serves the folder from this thread, and a thread of its own opens it afterwards', async () => {
  const parent = await mkdtemp(join(tmpdir(), 'handoff-main-pglite-'));
  dirs.push(parent);
  const dataDir = join(parent, 'pglite');
  // libuv's file threads start on first use: started now, they are not counted below.
  await Promise.all(Array.from({ length: 8 }, () => readFile(import.meta.filename)));

  const before = await threads();
  const here = await openDatabase({ kind: 'pglite', dataDir }, { pgliteOnMainThread: true, prisma: false });
  expect(await threads()).toBe(before);
  expect(here.appliedMigrations.length).toBeGreaterThan(0);
  const store = createPrismaStore(here);
  await store.transaction((tx) => tx.upsertDirectory(directory()));
  await store.close();

  const threaded = await openDatabase({ kind: 'pglite', dataDir }, { prisma: false });
  try {
    expect(await threads()).toBeGreaterThan(before); // the check above would see a thread
    expect(threaded.appliedMigrations).toEqual([]);
    expect(await createPrismaStore(threaded).transaction((tx) => tx.loadDirectory())).toEqual(directory());
  } finally {
    await threaded.close();
  }
});
