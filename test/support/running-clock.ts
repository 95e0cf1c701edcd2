// A controllable clock that also runs: it starts at a fixed moment and moves with real
// time, and a test can jump it forward. Timers tests use it with short real delays.

import type { Clock } from '../../src/app/ports.ts';

export class RunningClock implements Clock {
  private readonly startedAt = performance.now();
  private offset = 0;
  constructor(private readonly start: Date) {}
  now(): Date {
    return new Date(this.start.getTime() + Math.round(performance.now() - this.startedAt) + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Polls `check` every 10 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
