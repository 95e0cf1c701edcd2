// With Slack on HTTP, one thread acknowledges Slack (the front thread) and the others do the
// work: the main thread runs commands, PGlite's thread runs their queries, V8's and libuv's
// helpers collect and read files. When they share a core, Linux gives each runnable thread
// its slice in turn, so an ack could wait several milliseconds behind them even on a thread
// of its own. Lowering the priority of every other thread of the process lets the front run
// as soon as a request arrives; the work loses nothing when the core is otherwise idle.
//
// Only on the embedded database, where every thread doing the work is ours. With PostgreSQL
// the main thread would also yield to PostgreSQL's processes (which serve our own queries)
// and everything else on the machine: measured at 200 status requests a second, answers
// went from p50 4-5 ms to 42 ms and p99 61 ms to 313 ms there, while the embedded database's
// acks went from p99 38.9 / 12.1 ms (command / press) to 5.9 / 6.1 ms.
//
// Any thread may lower a thread's priority (raising it back needs privileges we do not ask
// for). Linux only: elsewhere nothing changes.

import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** A niceness of 10: under contention the front gets about 9 in 10 of the core (CFS weights). */
export const WORK_NICENESS = 10;

/** Lowers every thread of this process but `keep` to `niceness`; returns how many it lowered. */
export function lowerOtherThreads(keep: number, niceness = WORK_NICENESS): number {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let lowered = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (tid === keep) continue;
    try {
      setPriority(tid, niceness);
      lowered++;
    } catch {
      // A thread that ended meanwhile, or a system that refuses: it keeps its priority.
    }
  }
  return lowered;
}
