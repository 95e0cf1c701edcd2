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
// `--v8-pool-size=1`: one thread for V8's background work (sweeping, parallel scavenges,
// compiling) instead of node's default four. On Handoff's one or two cores four of them
// only take turns, and each thread that allocates keeps its own malloc arena resident.
// Measured here (`npm run bench -- slack-load`, three interleaved runs each, 2026-12-04),
// without → with the flag: resident memory idle PostgreSQL 120/117/116 → 113/113/113 MB,
// PGlite 190/189/184 → 180/179/182 MB; after 1,000 incidents PostgreSQL 140/135/137 →
// 132/131/132 MB, PGlite 244/243/245 → 234/234/233 MB; request → answer p99 PostgreSQL
// 10.8/12.2/10.1 → 75.0/9.4/13.9 ms (the 75: one run, no second like it), PGlite
// 10.9/12.4/9.1 → 12.2/9.1/11.5 ms; ack p99 and the highest rate under 50 ms unchanged
// within the runs' swing.
export const NODE_FLAGS = ['--no-concurrent-marking', '--v8-pool-size=1'];
