// An in-memory Timers port that remembers what is armed. It fires nothing yet:
// durable firing (in-process and BullMQ) arrives with the timers issue.

import type { Deadline, Timers } from '../app/ports.ts';

export class MemoryTimers implements Timers {
  readonly armed = new Map<string, Deadline>();

  async arm(deadlines: Deadline[]): Promise<void> {
    for (const d of deadlines) this.armed.set(d.key, d);
  }

  async disarm(keys: string[]): Promise<void> {
    for (const key of keys) this.armed.delete(key);
  }
}
