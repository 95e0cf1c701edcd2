// What main.ts needs from a Timers implementation beyond the port the core uses:
// a handler to call when a deadline is due, and one graceful stop.

import type { Timers, WakeUp } from '../app/ports.ts';

/** Called when a deadline may be due. It may be called more than once: it must be idempotent. */
export type OnWake = (wake: WakeUp) => Promise<void>;

export interface TimerService extends Timers {
  /** Starts waking: from now on `onWake` is called for each due deadline. */
  start(onWake: OnWake): Promise<void>;
  /** Stops waking and waits for the wake-ups in progress; safe to call twice. */
  stop(): Promise<void>;
}

/** How long to wait before retry `attempt` (1-based) of a failed wake-up: 1 s, 2 s, 4 s … 5 min. */
export function retryDelayMs(attempt: number, baseMs = 1_000): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 5 * 60_000);
}
