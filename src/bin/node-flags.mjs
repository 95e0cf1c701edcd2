// The flags node is started with for Handoff (issue 13): `npm start` passes them, the bench
// starts Handoff with them (and `npm run bench` its own process, whose benches run Handoff's
// code in it), and the README says to add them to a service's command line; a test checks
// both scripts (test/bin/node-flags.test.ts). They are V8 flags that must be
// set before the heap exists: set at run time, as small-heap.mjs does its own, V8 stops the
// process (`--single-threaded-gc`, `--no-parallel-marking`: a failed check in the next full
// collection, seen here). The `handoff` command's first line stays `#!/usr/bin/env node`:
// flags there need `env -S`, which BusyBox's env (Alpine, its Docker images) does not have.
//
// `--no-concurrent-marking`: V8 marks the old generation for a full collection in steps on
// the main thread, between tasks, instead of in background threads. On a server with one
// core for Handoff those threads do not run beside the main thread but instead of it, for
// as long as the scheduler lets them: the main thread stopped 20–60 ms around each full
// collection (every 2–3 s at 200 status requests a second, with the small heap), and the
// answers waiting behind it were the p99. Measured here (the slack-load bench's 200 req/s
// step, Handoff pinned to one core, three interleaved runs each, 2026-12-04), request →
// answer p99 without → with the flag: PostgreSQL 48.5/56.4/39.3 → 9.7/12.7/9.1 ms, PGlite
// 42.1/40.2/91.8 → 13.3/77.5/27.7 ms (PGlite's own thread shares the core); slash command
// ack p99 on PostgreSQL 5.7/7.5/5.1 → 4.2/4.7/4.0 ms; resident memory idle +0–4 MB.
// `--single-threaded-gc` (no background sweeping or parallel scavenges either) did as well
// on PostgreSQL (10.0/20.4/11.8 ms) and cost more CPU in a loop that allocates (+25 %).
//
// Tried and left out, `--v8-pool-size=1` (one V8 background thread instead of four): 7–10 MB
// less resident memory on both databases, but request → answer p99 on PostgreSQL went over
// its 50 ms target in two of four runs (75.0 and 72.4 ms, against 10.1–12.2 ms in the three
// runs without it; `npm run bench -- slack-load` and a full bench, 2026-12-04).
export const NODE_FLAGS = ['--no-concurrent-marking'];
