// A JavaScript heap sized for a small server (issue 13: resident memory idle ≤ 150 MB, after
// 1,000 incidents ≤ 250 MB), for the whole process and its threads. V8's defaults suit a
// machine with memory to spare: the young generation grows to 2 × 16 MB, and the old one to
// about four times what is live before a full collection (the factor for a heap limit of
// 2 GB or more; this machine has 24 GB). A running bot has about 40 MB live, so most of its
// heap was garbage it had no reason yet to collect. The two flags:
//   - `--semi-space-growth-factor=1`: the young generation stays at its initial 2 × 1 MB;
//   - `--heap-growing-percent=30`: a full collection once the old generation has grown 30 %
//     past what the last one left.
// Both are read by V8 whenever it sizes the heap, so they hold when set at run time; the
// flags fixed at start (`--max-semi-space-size`, `--max-old-space-size`) would need every
// way of starting Handoff (npm start, npx, node, a service file) to pass them.
// Measured here (2 cores; `handoff serve` on PostgreSQL pinned to one core, signed
// `/incident status` requests; three interleaved runs each, with against without):
//   - resident memory after the warm-up 188 → 153 MB, after 10 s at 100 req/s 228 → 168 MB;
//   - CPU per request 5.85 → 6.56 ms (+12 %): more, smaller collections. A small shop's
//     chat sends a few requests a second, not hundreds, so memory is the scarcer resource.
// The young generation alone: 5.85 → 5.94 ms, memory 188 → 170 / 228 → 182 MB. Near
// saturation (200 req/s on one slow core) the cost was +17 % (5.67 → 6.66 ms).
// Whoever sizes the heap on node's command line (`node --max-semi-space-size=16
// src/bin/handoff.mjs serve`) trades that memory back for throughput, and Handoff leaves the
// heap alone. Only the command line is looked at: the environment is read by src/config.ts
// alone, through its schema (test/architecture/boundaries.test.ts).
//
// Every thread undoes the first flag: whenever V8 creates an isolate (a worker thread: PGlite's,
// the Slack ack thread, tsx's loader) it raises the growth factor back to at least 2
// (Heap::ConfigureHeap), and the flag is the process's, so the main thread's young generation
// grew to 2 × 16 MB again as soon as one started. `keepSmallHeap` sets it once more after
// each thread is up. Measured (`handoff serve` with the ack thread, signed status requests,
// two interleaved runs each): the main thread's young generation was 2 × 4 MB idle and
// 2 × 16 MB after 5 s at 200 req/s; resident memory idle / after those 5 s on PostgreSQL
// 152–154 / 175–189 → 141 / 150–151 MB, on PGlite 254–257 / 276 → 223–230 / 236–240 MB.

import v8 from 'node:v8';

const SIZED_BY_HAND = /^--(max-semi-space-size|max-old-space-size|max-heap-size)\b/;
// Shared by every copy of this module in the process (src/bin and .build/src/bin).
const APPLIED = Symbol.for('handoff.small-heap');

const keepYoungGenerationSmall = () => v8.setFlagsFromString('--semi-space-growth-factor=1');

export function useSmallHeap() {
  if (process.execArgv.some((flag) => SIZED_BY_HAND.test(flag))) return;
  globalThis[APPLIED] = true;
  keepYoungGenerationSmall();
  v8.setFlagsFromString('--heap-growing-percent=30');
}

/**
 * Sets the young generation's growth factor again once a thread's isolate exists: on the
 * worker's 'online', or at once (no worker) after a thread started synchronously, as tsx's
 * `register()` does. Nothing when this process did not ask for the small heap.
 */
export function keepSmallHeap(worker) {
  if (globalThis[APPLIED] !== true) return;
  if (worker) worker.once('online', keepYoungGenerationSmall);
  else keepYoungGenerationSmall();
}
