// The Timers contract on BullMQ (real Redis on 127.0.0.1:6379). Each test gets its own
// queue under this file's prefix, so parallel test files never see each other's jobs;
// "FLUSHALL" deletes every key of that queue (a real FLUSHALL would also wipe the other
// files' queues, which run at the same time).

import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { createBullTimers } from '../../src/timers/bullmq-timers.ts';
import type { TimerService } from '../../src/timers/timer-service.ts';
import { silentLogger } from '../support/app-harness.ts';
import { serverSuite } from '../support/servers.ts';
import { deleteKeys, REDIS_URL } from './redis-keys.ts';
import { timersContract } from './timers-contract.ts';

const PREFIX = `handoff-test-contract-${process.pid}`;

const up = await serverSuite('Redis', 'Timers contract: BullMQ');
describe.skipIf(!up)('BullMQ', () => {
  timersContract('BullMQ', async () => {
    const queueName = `q-${randomUUID().slice(0, 8)}`;
    const made: TimerService[] = [];
    return {
      make(clock) {
        const timers = createBullTimers({
          url: REDIS_URL,
          clock,
          logger: silentLogger,
          queueName,
          prefix: PREFIX,
          retryBaseMs: 50,
        });
        made.push(timers);
        return timers;
      },
      forget: () => deleteKeys(`${PREFIX}:${queueName}:*`),
      async close() {
        for (const t of made) await t.stop();
        await deleteKeys(`${PREFIX}:${queueName}:*`);
      },
    };
  });
});
