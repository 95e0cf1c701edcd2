// With Slack on HTTP, one thread acknowledges Slack (the front thread) and the others do the
// work: the main thread runs commands, PGlite's thread runs their queries, V8's and libuv's
// helpers collect and read files. When they share a core, Linux gives each runnable thread
// its slice in turn, so an ack could wait several milliseconds behind them even on a thread
// of its own. Lowering the priority of every other thread of the process lets the front run
// as soon as a request arrives; the work loses nothing when the core is otherwise idle.
//
// On the embedded database the acks went from p99 38.9 / 12.1 ms (command / press) to
// 5.9 / 6.1 ms at 200 requests a second. With PostgreSQL the work also yields to
// PostgreSQL's processes (which serve our own queries) and everything else on the machine;
// measured on 2026-12-02 that cost the answers dearly (p50 4-5 → 42 ms, p99 61 → 313 ms),
// so it was done only on the embedded database. Measured again on 2026-12-03, after the
// small heap was kept across threads (src/bin/small-heap.mjs), four interleaved runs each,
// not lowered → lowered: ack p99 command 4.6–5.8 → 4.5–4.6 ms, press 6.9–8.3 → 4.9–7.4 ms
// (bare Bolt 3.2–4.5 ms); answers p50 2.0 ms either way, p99 14–22 → 14–25 ms. So now
// with either database.
//
// The price is paid when another program of normal priority keeps the same core busy: the
// work then gets about 1 in 10 of it (weights 110 against 1024) and falls behind. Measured
// on 2026-12-04 (PGlite, one core, 5 s at 200 status requests a second, a busy loop of
// normal priority on that core for 1.5 s of them, two interleaved runs each), when the
// front said "busy" past 256 requests outstanding: requests refused at niceness 10:
// 130/138, at 5: 1/15, at 2: 0/86, at 0: 0/0. Without the busy loop, ack p99 (three runs
// each) at 10: 6.1/5.4/8.0 ms, at 5: 7.1/7.2/9.4, at 0: 8.5/6.5/14.7. So the front now
// lets 1,024 wait (MAX_OUTSTANDING, busy-gate.ts: 0 refused in that test at 10), and the
// default stays with the acks; SLACK_WORK_NICENESS sets it (0: not lowered) for a server
// whose other programs use the CPU for long stretches, where the line would only grow.
//
// Any thread may lower a thread's priority (raising it back needs privileges we do not ask
// for). Linux only: elsewhere nothing changes.

import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { DEFAULT_WORK_NICENESS } from '../config.ts';

/** The default, 10: under contention the front gets about 9 in 10 of the core (CFS weights). */
export const WORK_NICENESS = DEFAULT_WORK_NICENESS;

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
