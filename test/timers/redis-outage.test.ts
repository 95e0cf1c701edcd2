// While Redis is down, commands still succeed and their deadlines are saved; when it
// returns, reconciliation schedules them and each fires once. Redis "goes down" behind a
// small TCP proxy this test controls, so the shared server keeps running for other files.

import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createBullTimers } from '../../src/timers/bullmq-timers.ts';
import { RecordingNotifier } from '../support/app-harness.ts';
import { RunningClock, sleep, waitFor } from '../support/running-clock.ts';
import { serverSuite } from '../support/servers.ts';
import { T0 } from '../support/world.ts';
import { deleteKeys } from './redis-keys.ts';
import { chased, FAST, startNode, type TimerNode } from './timer-node.ts';

/** A TCP proxy to the real Redis that can be cut and restored on the same port. */
class RedisProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      upstream.connect(6379, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

const warnings: string[] = [];
const logger: Logger = { info() {}, warn: (_f, m) => warnings.push(m), error: (_f, m) => warnings.push(m) };

const up = await serverSuite('Redis', 'Timers while Redis is down');
describe.skipIf(!up)('timers while Redis is down', () => {
  const proxy = new RedisProxy();
  const queueName = `outage-${randomUUID().slice(0, 8)}`;
  const prefix = `handoff-test-outage-${process.pid}`;
  let node: TimerNode | undefined;
  afterEach(async () => {
    await node?.stop();
    await proxy.down();
    await deleteKeys(`${prefix}:*`);
  });

  it('accepts commands, saves their deadlines and catches up when Redis returns', async () => {
    await proxy.up();
    const store = createMemoryStore();
    const clock = new RunningClock(T0);
    const notifier = new RecordingNotifier();
    const url = `redis://127.0.0.1:${proxy.port}`;
    const timers = createBullTimers({ url, clock, logger, queueName, prefix, commandTimeoutMs: 300 });
    node = await startNode(store, timers, clock, notifier, FAST, logger);
    await proxy.down();

    const started = performance.now();
    await node.as('maria', '/incident open wanderlust-web Site down');
    await node.as('dana', '/incident step add Check the server');
    const reply = await node.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
    expect(reply).toContain('Offered step 1 to Sam (H1)');
    expect(performance.now() - started).toBeLessThan(3_000); // failed fast, not hung
    expect(warnings).toContain('timers not reachable; the deadlines are saved and will be rescheduled');
    const pending = await store.transaction((tx) => tx.listDeadlines({ status: 'pending' }));
    expect(pending.map((d) => d.key)).toEqual(
      expect.arrayContaining(['handoff:1:1:remind', 'handoff:1:1:escalate']),
    );
    await expect(node.reconcile()).rejects.toThrow(); // the periodic round logs this and tries again
    await sleep(400); // both deadlines are due by now; nothing could wake us
    expect(chased(notifier).reminders).toEqual([]);

    await proxy.up();
    await waitFor(
      'Redis back',
      async () =>
        node!.reconcile().then(
          () => true,
          () => false,
        ),
      10_000,
    );
    await waitFor('the escalation', () => chased(notifier).escalations.length >= 1, 10_000);
    await sleep(200);
    expect(chased(notifier).reminders).toHaveLength(1);
    expect(chased(notifier).escalations).toHaveLength(1);
  });
});
