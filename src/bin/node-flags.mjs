// The flags node is started with for Handoff (issue 13), and its environment (START_ENV,
// below): `npm start` passes them, the bench starts Handoff with them (and `npm run bench`
// its own process, whose benches run Handoff's code in it), and the README says to add them
// to a service's command line; a test checks both scripts (test/bin/node-flags.test.ts).
// The flags are V8's that must be set before the heap exists: set at run time, as
// small-heap.mjs does its own, V8 stops the process (`--single-threaded-gc`,
// `--no-parallel-marking`: a failed check in the next full collection, seen here). The
// `handoff` command's first line stays `#!/usr/bin/env node`: flags there need `env -S`,
// which BusyBox's env (Alpine, its Docker images) does not have.
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

// The environment Handoff is started with, beside its flags, where they are: glibc's malloc
// settings, which glibc reads once, when the process starts (GLIBC_TUNABLES; a system with
// another C library, musl on Alpine, ignores it). By default glibc gives each thread that
// allocates while another holds an arena an arena of its own, up to 8 per core, and memory
// freed in one stays with it. Handoff runs four JavaScript threads (main, the Slack ack
// thread, PGlite's, V8's helpers) that allocate at once while starting (PGlite's
// WebAssembly, Prisma's query compiler); `arena_max=2` shares two arenas among them all.
// Measured here (`handoff serve` on PGlite after the slack-load bench's warm-up, then 5 s of
// 200 status requests a second, six rounds interleaved, 2026-12-04): resident memory idle
// 179–183 → 171–175 MB; answers p50 2.5–3.9 ms and p99 15–40 ms with it, 2.8–4.3 and
// 19–26 ms without, in the rounds where the machine was not slow for both. Two interleaved
// runs each of `npm run bench -- slack-load`, without → with: idle PostgreSQL 115/115 →
// 111/111 MB, PGlite 183/185 → 176/175 MB; PGlite's answers p50/p99 3.19/18.8 and 5.17/37.8
// → 5.03/37.6 and 3.39/22.5 ms.
// Also tried, left out: `mmap_threshold=131072`, which returns every block over 128 kB to
// the system once freed (glibc otherwise raises that threshold to the largest block freed,
// up to 32 MB, and serves blocks up to it from the heap): idle 164–169 MB on PGlite and
// 105/106 against 114/119 MB on PostgreSQL, but PGlite's answers slowed in every round (p50
// +1–2 ms, p99 32.6/20.0/46.8 against 9.65/11.4 ms in the load bench), as with 512 kB or
// 1 MB, or with heap trimming held back to 8 MB.
export const START_ENV = { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' };
