// V8 marks the old generation for a full collection on the main thread, in steps between
// tasks, instead of in background threads (issue 13), for the whole process and its threads.
// On a server with one core for Handoff those threads do not run beside the main thread but
// instead of it, for as long as the scheduler lets them: the main thread stopped 20–60 ms
// around each full collection (every 2–3 s at 200 status requests a second, with the small
// heap), and the answers waiting behind it were the p99. Measured here (the slack-load
// bench's 200 req/s step, Handoff pinned to one core, three interleaved runs each,
// 2026-12-04), request → answer p99 without → with `--no-concurrent-marking` on node's
// command line: PostgreSQL 48.5/56.4/39.3 → 9.7/12.7/9.1 ms, PGlite 42.1/40.2/91.8 →
// 13.3/77.5/27.7 ms (PGlite's own thread shares the core); slash command ack p99 on
// PostgreSQL 5.7/7.5/5.1 → 4.2/4.7/4.0 ms; resident memory idle +0–4 MB.
//
// It is set here, at run time, as the small heap's flags are, so it holds however Handoff is
// started (`npx handoff serve`, a service file) and not only through `npm start`, whose
// command line carried it until 2026-12-04. Set so it does the same (`handoff serve` on
// PostgreSQL, 5 s at 200 status requests a second after a warm-up, three interleaved rounds
// of each): answers p99 on the command line 13.1/7.4/9.8 ms, at run time 15.0/6.2/7.6 ms,
// neither 56.1/25.9/38.6 ms; idle memory 110–114 MB in all. V8 reads the flag each time a
// collection starts marking; `--trace-concurrent-marking` shows the same few parallel tasks
// in the atomic pause either way (test/bin/gc-marking.test.ts). Two other flags cannot be
// set so: V8 stopped the process at the next full collection when `--single-threaded-gc` or
// `--no-parallel-marking` was set at run time (seen here).
// `--single-threaded-gc` (no background sweeping or parallel scavenges either) did as well
// on PostgreSQL (10.0/20.4/11.8 ms) and cost more CPU in a loop that allocates (+25 %).
// Tried and left out, `--v8-pool-size=1` (one V8 background thread instead of four): 7–10 MB
// less resident memory on both databases, but request → answer p99 on PostgreSQL went over
// its 50 ms target in two of four runs (75.0 and 72.4 ms, against 10.1–12.2 ms in the three
// runs without it; `npm run bench -- slack-load` and a full bench, 2026-12-04).
//
// Whoever asks for background marking on node's command line (`--concurrent-marking`) keeps it.

import v8 from 'node:v8';

export function useMainThreadMarking() {
  if (process.execArgv.includes('--concurrent-marking')) return;
  v8.setFlagsFromString('--no-concurrent-marking');
}
