// The environment Handoff is started with (issue 13): `npm start` passes it, the bench starts
// Handoff with it (and `npm run bench` its own process, whose benches run Handoff's code in
// it), and the README says to add it to a service's command; a test checks both scripts
// (test/bin/start-env.test.ts). Unlike V8's flags (small-heap.mjs, gc-marking.mjs,
// wasm-tiering.mjs, which the `handoff` command sets itself), it cannot be set once the
// process runs. The `handoff` command's first line cannot carry it either: that needs
// `env -S`, which BusyBox's env (Alpine, its Docker images) does not have, so `npx handoff`
// runs without it (4–10 MB more, below).
//
// glibc's malloc settings, which glibc reads once, when the process starts (GLIBC_TUNABLES;
// a system with another C library, musl on Alpine, ignores it). By default glibc gives each
// thread that allocates while another holds an arena an arena of its own, up to 8 per core,
// and memory freed in one stays with it. Handoff runs four JavaScript threads (main, the Slack ack
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
