// Timers in this process (the embedded mode, no REDIS_URL): one setTimeout per pending
// deadline. Nothing here is durable on purpose: the rows are, and reconciliation at start
// arms a timeout for each of them again.

import type { Clock, Logger, ScheduledWakeUp, WakeUp } from '../app/ports.ts';
import { retryDelayMs, type OnWake, type TimerService } from './timer-service.ts';

export interface InProcessTimersOptions {
  clock: Clock;
  logger: Logger;
  /** Failed wake-ups are retried this many times with growing delays (default 8). */
  attempts?: number;
  /** First retry delay (default 1 s), doubled each time. */
  retryBaseMs?: number;
}

// setTimeout's limit (about 24.8 days); a later deadline is re-armed when it is reached.
const MAX_DELAY = 2 ** 31 - 1;

interface Armed {
  at: number;
  handle: NodeJS.Timeout;
}

export function createInProcessTimers(options: InProcessTimersOptions): TimerService {
  const { clock, logger, attempts = 8, retryBaseMs = 1_000 } = options;
  const armed = new Map<string, Armed>();
  const running = new Set<Promise<void>>();
  let onWake: OnWake | undefined;
  let stopped = false;

  const arm = (key: string, at: number, delay: number, attempt: number) => {
    const capped = delay > MAX_DELAY;
    const handle = setTimeout(
      () => {
        if (armed.get(key)?.handle !== handle) return;
        armed.delete(key);
        if (capped) arm(key, at, at - clock.now().getTime(), attempt);
        else wake(key, at, attempt);
      },
      Math.min(delay, MAX_DELAY),
    );
    handle.unref(); // pending deadlines never keep the process alive: the rows remember them
    armed.set(key, { at, handle });
  };

  const wake = (key: string, at: number, attempt: number) => {
    if (stopped || !onWake) return;
    const handler = onWake;
    const run = (async () => {
      try {
        await handler({ key, at: new Date(at) });
      } catch (error) {
        if (attempt + 1 >= attempts) {
          logger.error({ err: error, key, attempts }, 'deadline failed; reconciliation will retry it');
        } else if (!stopped && !armed.has(key)) {
          logger.warn({ err: error, key, attempt: attempt + 1 }, 'deadline failed; retrying');
          arm(key, at, retryDelayMs(attempt + 1, retryBaseMs), attempt + 1);
        }
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  return {
    async start(handler) {
      onWake = handler;
    },
    async schedule(deadlines: ScheduledWakeUp[]) {
      if (stopped) return;
      for (const d of deadlines) {
        const at = d.at.getTime();
        const existing = armed.get(d.key);
        if (existing?.at === at) continue; // the same wake-up, scheduled twice
        if (existing) clearTimeout(existing.handle);
        arm(d.key, at, Math.max(0, at - clock.now().getTime()), 0);
      }
    },
    async cancel(wakeUps: WakeUp[]) {
      for (const w of wakeUps) {
        const existing = armed.get(w.key);
        if (existing?.at !== w.at.getTime()) continue;
        clearTimeout(existing.handle);
        armed.delete(w.key);
      }
    },
    async stop() {
      stopped = true;
      for (const { handle } of armed.values()) clearTimeout(handle);
      armed.clear();
      await Promise.allSettled([...running]);
    },
  };
}
