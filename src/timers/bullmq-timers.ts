// Timers on BullMQ (REDIS_URL set): one delayed job per deadline, id derived from the
// deadline's key and time so scheduling it twice (a retry, a reconciliation, two
// processes) is one job. Redis is only the alarm clock: a lost job is re-created from the
// database by reconciliation, and a job that fires twice finds its row settled.

import { once } from 'node:events';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Clock, Logger, ScheduledWakeUp, WakeUp } from '../app/ports.ts';
import { type OnWake, type TimerService } from './timer-service.ts';

export interface BullTimersOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string;
  clock: Clock;
  logger: Logger;
  /** Queue name (default `handoff-timers`); tests use one per file. */
  queueName?: string;
  /** Redis key prefix (default `handoff`). */
  prefix?: string;
  /** Deadlines handled at once by this process (default 8); each takes the incident's lock. */
  concurrency?: number;
  /** Tries per job before giving up until the next reconciliation (default 8). */
  attempts?: number;
  /** First retry delay (default 1 s), doubled each time. */
  retryBaseMs?: number;
  /** How long scheduling may wait for Redis before failing (default 2 s): commands must not hang. */
  commandTimeoutMs?: number;
  /** How long stop() waits for running jobs before closing anyway (default 10 s). */
  drainTimeoutMs?: number;
}

interface JobData {
  key: string;
  at: string;
}

/** BullMQ job ids may not contain ':'; the time makes a re-armed deadline a new job. */
export function jobId(w: WakeUp): string {
  return `${w.key.replaceAll(':', '.')}@${w.at.getTime()}`;
}

export function createBullTimers(options: BullTimersOptions): TimerService {
  const { clock, logger, queueName = 'handoff-timers', prefix = 'handoff' } = options;
  const { concurrency = 8, attempts = 8, retryBaseMs = 1_000 } = options;
  const { commandTimeoutMs = 2_000, drainTimeoutMs = 10_000 } = options;
  const reconnect: RedisOptions['retryStrategy'] = (times) => Math.min(times * 200, 2_000);
  // The producer fails fast while Redis is away (no offline queue), so commands never wait
  // on it; the worker's blocking connection retries forever and catches up when it returns.
  const producer = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnect,
  });
  const consumer = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: reconnect });
  const quiet = rateLimitedWarn(logger);
  producer.on('error', (err) => quiet(err, 'Redis (timers producer) unreachable'));
  consumer.on('error', (err) => quiet(err, 'Redis (timers worker) unreachable'));
  const defaults: JobsOptions = {
    attempts,
    backoff: { type: 'exponential', delay: retryBaseMs },
    removeOnComplete: true,
    // A job that ran out of tries is removed too, so reconciliation can add it again.
    removeOnFail: true,
  };
  const queue = new Queue<JobData>(queueName, { connection: producer, prefix, defaultJobOptions: defaults });
  queue.on('error', (err) => quiet(err, 'timers queue error'));
  let worker: Worker<JobData> | undefined;
  let stopped = false;

  // While the producer is known to be cut off (reconnecting after a loss), fail at once:
  // the caller logs it and the command goes on (its deadline rows are saved), instead of
  // every command waiting out the timeout inside its incident's lock. A first connection
  // still in progress is waited for, within the same timeout.
  const timed = <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const limit = `Redis did not answer within ${commandTimeoutMs} ms (${what})`;
    if (producer.status === 'ready') return withTimeout(work(), commandTimeoutMs, limit);
    if (producer.status === 'connecting' || producer.status === 'connect' || producer.status === 'wait') {
      return withTimeout(once(producer, 'ready').then(work), commandTimeoutMs, limit);
    }
    return Promise.reject(
      new Error(`Redis is not connected (${producer.status}); ${what} is left to reconciliation`),
    );
  };

  return {
    async start(onWake: OnWake) {
      worker = new Worker<JobData>(
        queueName,
        async (job) => onWake({ key: job.data.key, at: new Date(job.data.at) }),
        { connection: consumer, prefix, concurrency },
      );
      worker.on('error', (err) => quiet(err, 'timers worker error'));
      worker.on('failed', (job, err) => {
        const final = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
        const fields = { err, key: job?.data.key, attempt: job?.attemptsMade };
        if (final) logger.error(fields, 'deadline failed; reconciliation will retry it');
        else logger.warn(fields, 'deadline failed; retrying');
      });
    },
    async schedule(deadlines: ScheduledWakeUp[]) {
      if (stopped || deadlines.length === 0) return;
      const now = clock.now().getTime();
      const jobs = deadlines.map((d) => ({
        name: d.kind,
        data: { key: d.key, at: d.at.toISOString() },
        opts: { jobId: jobId(d), delay: Math.max(0, d.at.getTime() - now) },
      }));
      await timed('schedule', () => queue.addBulk(jobs));
    },
    async cancel(wakeUps: WakeUp[]) {
      if (stopped || wakeUps.length === 0) return;
      // remove() leaves a running job alone; it will find its row settled.
      await timed('cancel', () => Promise.all(wakeUps.map((w) => queue.remove(jobId(w)))));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Let running jobs finish (they write to the database), then close. With Redis away,
      // BullMQ's close never resolves: after the drain timeout the connections are cut instead.
      const closing = Promise.all([worker?.close(), queue.close()]);
      const closed = await withTimeout(closing, drainTimeoutMs, 'drain').then(
        () => true,
        () => false,
      );
      if (!closed) logger.warn({ drainTimeoutMs }, 'timers did not drain in time; closing anyway');
      producer.disconnect();
      consumer.disconnect();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A dead Redis reports an error on every reconnect attempt; one log line a minute is enough. */
function rateLimitedWarn(logger: Logger): (err: unknown, message: string) => void {
  const last = new Map<string, number>();
  return (err, message) => {
    const now = Date.now();
    if (now - (last.get(message) ?? 0) < 60_000) return;
    last.set(message, now);
    logger.warn({ err }, message);
  };
}
