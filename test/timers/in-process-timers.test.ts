// The Timers contract on in-process timers (the embedded mode).

import type { Clock } from '../../src/app/ports.ts';
import { createInProcessTimers } from '../../src/timers/in-process-timers.ts';
import type { OnWake, TimerService } from '../../src/timers/timer-service.ts';
import { silentLogger } from '../support/app-harness.ts';
import { timersContract } from './timers-contract.ts';

/** In-process timers whose timeouts can all be lost at once, as in a crash of the process. */
function losable(clock: Clock) {
  const fresh = () => createInProcessTimers({ clock, logger: silentLogger, retryBaseMs: 20 });
  let inner = fresh();
  let onWake: OnWake | undefined;
  const timers: TimerService = {
    async start(handler) {
      onWake = handler;
      await inner.start(handler);
    },
    schedule: (deadlines) => inner.schedule(deadlines),
    cancel: (wakeUps) => inner.cancel(wakeUps),
    stop: () => inner.stop(),
  };
  const lose = async () => {
    await inner.stop();
    inner = fresh();
    if (onWake) await inner.start(onWake);
  };
  return { timers, lose };
}

timersContract('in-process', async () => {
  const made: ReturnType<typeof losable>[] = [];
  return {
    make(clock) {
      const instance = losable(clock);
      made.push(instance);
      return instance.timers;
    },
    async forget() {
      for (const m of made) await m.lose();
    },
    async close() {
      for (const m of made) await m.timers.stop();
    },
  };
});
