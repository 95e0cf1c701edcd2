// The scheduled backup is a deadline like the others: a row first, then a wake-up. Each
// firing writes one file named after its deadline, re-arms the next, and rotation keeps
// BACKUP_KEEP files.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_KEY } from '../../src/app/deadlines.ts';
import { createBackupWriter, readBackupFile } from '../../src/store/backup.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createInProcessTimers } from '../../src/timers/in-process-timers.ts';
import { RecordingNotifier, silentLogger } from '../support/app-harness.ts';
import { RunningClock, sleep, waitFor } from '../support/running-clock.ts';
import { T0 } from '../support/world.ts';
import { startNode, type TimerNode } from './timer-node.ts';

describe('scheduled backups', () => {
  let node: TimerNode | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await node?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a backup every period, re-arms itself and keeps the newest', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'handoff-scheduled-'));
    const store = createMemoryStore();
    const clock = new RunningClock(T0);
    const timers = createInProcessTimers({ clock, logger: silentLogger });
    node = await startNode(store, timers, clock, new RecordingNotifier());
    node.deps.backups = createBackupWriter(store, { dir, keep: 2, everyMs: 1_000, now: () => clock.now() });
    await node.as('maria', '/incident open wanderlust-web Site down');

    await node.reconcile(); // arms the first backup, one period away
    const first = await store.transaction((tx) => tx.loadDeadline(BACKUP_KEY));
    expect(first).toMatchObject({ kind: 'backup', status: 'pending' });
    await node.reconcile(); // and only one
    expect(await store.transaction((tx) => tx.loadDeadline(BACKUP_KEY))).toEqual(first);

    await waitFor('three backups', async () => {
      const row = await store.transaction((tx) => tx.loadDeadline(BACKUP_KEY));
      return row!.at.getTime() >= first!.at.getTime() + 2_000;
    });
    await sleep(50);
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(2); // three written, two kept
    for (const name of names) expect(name).toMatch(/^handoff-backup-20260301T08000\dZ\.json$/);
    const latest = await readBackupFile(path.join(dir, names[1]!));
    expect(latest.incidents.map((i) => i.number)).toEqual([1]);
    expect(latest.deadlines.find((d) => d.key === BACKUP_KEY)?.status).toBe('pending');
  }, 10_000);
});
