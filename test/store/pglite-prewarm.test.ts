// Issue 13, start-up: the command line starts the embedded database's thread as soon as it
// holds the folder, and openDatabase takes that thread instead of starting a second one;
// a thread nobody took (the command failed first) is closed, leaving the folder usable.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { prewarmPGlite, takePrewarmedPGlite } from '../../src/store/pglite-prewarm.ts';

const temp = await mkdtemp(path.join(tmpdir(), 'handoff-prewarm-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

describe('prewarmed embedded database', () => {
  it('is taken by openDatabase, once, and works', async () => {
    const dataDir = path.join(temp, 'taken', 'pglite');
    const warm = prewarmPGlite(dataDir);
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(takePrewarmedPGlite(dataDir, () => {})).toBeUndefined();
      const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT 1 AS n');
      expect(rows).toEqual([{ n: 1 }]);
      await db.prisma.organisation.create({
        data: { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider' },
      });
    } finally {
      await db.close();
      await warm.release();
    }
    const again = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(await again.prisma.organisation.count()).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('is closed when nobody takes it, so the folder opens cleanly afterwards', async () => {
    const dataDir = path.join(temp, 'released', 'pglite');
    await prewarmPGlite(dataDir).release();
    expect(takePrewarmedPGlite(dataDir, () => {})).toBeUndefined();
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(await db.prisma.organisation.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});
