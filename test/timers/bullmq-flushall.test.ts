// The Timers contract on BullMQ once more, against a private redis-server that this file
// starts on a free port, so "lose every wake-up" can be a real FLUSHALL without wiping
// the queues of the other test files on the shared Redis.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { createBullTimers } from '../../src/timers/bullmq-timers.ts';
import type { TimerService } from '../../src/timers/timer-service.ts';
import { silentLogger } from '../support/app-harness.ts';
import { redisAvailable, serverSuite } from '../support/servers.ts';
import { timersContract } from './timers-contract.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let redisServer: ChildProcess | undefined;
let url = '';

// The shared Redis being up says redis-server is installed here (CI starts it the same way).
const up = await serverSuite('Redis', 'Timers contract: BullMQ with a real FLUSHALL');
describe.skipIf(!up)('BullMQ, private Redis', () => {
  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100 && !(await redisAvailable('127.0.0.1', port, 200)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(() => {
    redisServer?.kill('SIGKILL');
  });

  timersContract('BullMQ (FLUSHALL)', async () => {
    const made: TimerService[] = [];
    const queueName = `q-${randomUUID().slice(0, 8)}`;
    const flushAll = async () => {
      const redis = new Redis(url);
      try {
        await redis.flushall();
      } finally {
        redis.disconnect();
      }
    };
    return {
      make(clock) {
        const timers = createBullTimers({ url, clock, logger: silentLogger, queueName, retryBaseMs: 50 });
        made.push(timers);
        return timers;
      },
      forget: flushAll,
      async close() {
        for (const t of made) await t.stop();
        await flushAll();
      },
    };
  });
});
