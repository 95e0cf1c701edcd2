// A Timers port that only remembers what is scheduled and never wakes by itself: for
// use-case tests, and for console scripts, where the chat moves the clock and fires what
// is due (see src/compose/core.ts `fireDue`).

import type { Deadline, Timers, WakeUp } from '../app/ports.ts';

export class MemoryTimers implements Timers {
  readonly armed = new Map<string, Deadline>();

  async schedule(deadlines: Deadline[]): Promise<void> {
    for (const d of deadlines) this.armed.set(d.key, d);
  }

  async cancel(wakeUps: WakeUp[]): Promise<void> {
    for (const w of wakeUps) {
      if (this.armed.get(w.key)?.at.getTime() === w.at.getTime()) this.armed.delete(w.key);
    }
  }
}
