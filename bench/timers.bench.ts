// Timers (issue 4): how fast deadlines are armed, and how late they fire while 10,000
// other deadlines are pending, on BullMQ (when Redis answers on 127.0.0.1:6379) and
// in-process. The wake-up handler only records the time, so this measures the timers,
// not the database work a real firing does after waking.

import type { Report } from './report.ts';
import { randomUUID } from 'node:crypto';
import type { Deadline } from '../src/app/ports.ts';
import { systemClock } from '../src/timers/clock.ts';
import { createBullTimers } from '../src/timers/bullmq-timers.ts';
import { createInProcessTimers } from '../src/timers/in-process-timers.ts';
import type { TimerService } from '../src/timers/timer-service.ts';
import { silentLogger } from '../test/support/app-harness.ts';
import { redisAvailable } from '../test/support/servers.ts';
import { deleteKeys, REDIS_URL } from '../test/timers/redis-keys.ts';

const PENDING = 10_000;
const BATCH = 1_000; // what reconciliation sends at once
const ONE_BY_ONE = 1_000; // what commands do: one schedule() per change
const FIRED = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const deadline = (key: string, at: number): Deadline => ({
  key,
  at: new Date(at),
  kind: 'update.remind',
  incidentNumber: 1,
});

interface Result {
  batched: number;
  oneByOne: number;
  median: number;
  p99: number;
}

async function measure(timers: TimerService): Promise<Result> {
  const delays: number[] = [];
  await timers.start(async (wake) => {
    delays.push(Date.now() - wake.at.getTime());
  });
  const later = Date.now() + 3_600_000;
  let started = performance.now();
  for (let i = 0; i < PENDING; i += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, j) => deadline(`pending:${i + j}`, later + i + j));
    await timers.schedule(batch);
  }
  const batched = PENDING / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < ONE_BY_ONE; i++) await timers.schedule([deadline(`single:${i}`, later + i)]);
  const oneByOne = ONE_BY_ONE / ((performance.now() - started) / 1000);
  // With all of those pending, FIRED deadlines due over the next 2 s.
  const soon = Date.now() + 500;
  await timers.schedule(Array.from({ length: FIRED }, (_, i) => deadline(`due:${i}`, soon + i * 4)));
  const until = performance.now() + 10_000;
  while (delays.length < FIRED && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  await timers.stop();
  const sorted = [...delays].sort((a, b) => a - b);
  if (sorted.length < FIRED) console.log(`   only ${sorted.length} of ${FIRED} fired within 10 s`);
  return { batched, oneByOne, median: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

export async function run(report: Report): Promise<void> {
  const inProcess = await measure(createInProcessTimers({ clock: systemClock, logger: silentLogger }));
  let bull: Result | undefined;
  if (await redisAvailable()) {
    const prefix = `handoff-bench-${randomUUID().slice(0, 8)}`;
    try {
      bull = await measure(
        createBullTimers({
          url: REDIS_URL,
          clock: systemClock,
          logger: silentLogger,
          prefix,
          queueName: 'bench',
        }),
      );
    } finally {
      await deleteKeys(`${prefix}:*`);
    }
  } else {
    console.log('   BullMQ skipped: Redis is not reachable on 127.0.0.1:6379');
  }
  if (!bull) return;
  const inProc = (value: number) => ({ name: 'in-process timers', value });
  report.ratio({
    name: `deadlines armed/s, BullMQ, batches of ${BATCH}`,
    value: bull.batched,
    unit: '/s',
    baseline: inProc(inProcess.batched),
  });
  report.ratio({
    name: 'deadlines armed/s, BullMQ, one per command',
    value: bull.oneByOne,
    unit: '/s',
    baseline: inProc(inProcess.oneByOne),
  });
  report.ratio({
    name: `firing delay median, ${PENDING + ONE_BY_ONE} pending, BullMQ`,
    value: bull.median,
    unit: 'ms',
    baseline: inProc(inProcess.median),
  });
  report.ratio({
    name: `firing delay p99, ${PENDING + ONE_BY_ONE} pending, BullMQ`,
    value: bull.p99,
    unit: 'ms',
    baseline: inProc(inProcess.p99),
  });
}
