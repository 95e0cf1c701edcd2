// Two worker processes (real OS processes) on one Redis queue and one PostgreSQL database:
// every reminder and escalation is sent exactly once between them.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createBullTimers } from '../../src/timers/bullmq-timers.ts';
import { RecordingNotifier, silentLogger } from '../support/app-harness.ts';
import { RunningClock, sleep, waitFor } from '../support/running-clock.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { deleteKeys, REDIS_URL } from './redis-keys.ts';
import { startNode } from './timer-node.ts';

interface Line {
  pid?: number;
  ready?: number;
  to?: string;
  text?: string;
}

function startWorker(args: object, lines: Line[]): ChildProcess {
  const script = path.join(import.meta.dirname, 'worker-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Line));
  return child;
}

const up =
  (await serverSuite('Redis', 'Timers in two processes')) &&
  (await serverSuite('PostgreSQL', 'Timers in two processes'));
describe.skipIf(!up)('timers in two worker processes', () => {
  let server: TestDatabase | undefined;
  let db: Database | undefined;
  const children: ChildProcess[] = [];
  const prefix = `handoff-test-processes-${process.pid}`;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db?.close();
    await server?.drop();
    await deleteKeys(`${prefix}:*`);
  });

  it('never sends the same reminder twice', async () => {
    server = await createTestPostgresDatabase();
    db = await openDatabase({ kind: 'postgres', url: server.url });
    const args = {
      databaseUrl: server.url,
      redisUrl: REDIS_URL,
      queueName: `q-${randomUUID().slice(0, 8)}`,
      prefix,
    };
    const lines: Line[] = [];
    children.push(startWorker(args, lines), startWorker(args, lines));
    await waitFor('both workers ready', () => lines.filter((l) => l.ready).length === 2, 30_000);

    // This process only produces: it writes the changes and schedules, it runs no worker.
    const clock = new RunningClock(new Date());
    const producer = createBullTimers({ url: REDIS_URL, clock, logger: silentLogger, ...args });
    const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
    const producerOnly = { ...producer, start: async () => {} }; // no worker here
    const node = await startNode(store, producerOnly, clock, new RecordingNotifier());
    const sites = [
      ['wanderlust-web', 'maria', 'dana'],
      ['acme-shop', 'otto', 'priya'],
    ] as const;
    for (const [i, [site, reporter, coordinator]] of sites.entries()) {
      await node.as(reporter, `/incident open ${site} Site down`);
      await node.as(coordinator, `/incident INC-${i + 1} step add Check the server`);
      await node.as(coordinator, `/incident INC-${i + 1} step add Check the logs`);
      await node.as(coordinator, `/incident INC-${i + 1} handoff 1 @Sam Disk full`);
      // Each incident's own client contact: another client's contact can't be brought in.
      await node.as(coordinator, `/incident INC-${i + 1} handoff 2 @${reporter} Logs attached`);
    }
    // Each job goes to whichever worker takes it first; the database settles any race.
    const escalations = () => lines.filter((l) => l.text?.includes('escalation:'));
    await waitFor('four escalations', () => escalations().length >= 4, 15_000);
    // Every reminder goes out before (or with) its escalation, even after a retry backoff.
    const remindersSoFar = () => lines.filter((l) => l.text?.includes('a reminder:'));
    await waitFor('four reminders', () => remindersSoFar().length >= 4, 15_000);
    // A little longer: a duplicate, if there were one, would arrive now.
    await sleep(500);
    for (const c of children) c.kill('SIGTERM');
    await producer.stop();

    const reminders = lines.filter((l) => l.text?.includes('a reminder:'));
    const key = (l: Line) => `${l.to}: ${/H\d+, step \d+ of INC-\d+/.exec(l.text!)?.[0] ?? l.text}`;
    expect(reminders.map(key).sort()).toEqual([
      'Maria: H2, step 2 of INC-1',
      'Otto: H2, step 2 of INC-2',
      'Sam: H1, step 1 of INC-1',
      'Sam: H1, step 1 of INC-2',
    ]);
    expect(escalations()).toHaveLength(4);
    const timeline = await store.transaction(async (tx) => [
      ...(await tx.timeline(1)),
      ...(await tx.timeline(2)),
    ]);
    expect(timeline.filter((e) => e.type === 'handoff.reminded')).toHaveLength(4);
    expect(timeline.filter((e) => e.type === 'handoff.escalated')).toHaveLength(4);
  }, 60_000);
});
