// One command end to end through the core (parse → lock → transaction → notify), on
// the memory store (baseline), embedded PGlite, and PostgreSQL when it is running.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../src/app/ports.ts';
import { loadDirectoryFile } from '../src/directory/directory-file.ts';
import { EXAMPLE_DIRECTORY } from '../src/config.ts';
import { openDatabase } from '../src/store/database.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createPrismaStore } from '../src/store/prisma-store.ts';
import { percentile, type Report } from './report.ts';
import { createHarness } from '../test/support/app-harness.ts';
import { createTestPostgresDatabase, postgresAvailable } from '../test/support/servers.ts';

const ROUNDS = 200;

/**
 * Median and p99 latency of `step add` (a write) and `status` (a read), in ms. The
 * incident grows to 200 steps, a large incident; `small` is the first 20 writes after warm-up on a fresh site.
 */
async function measure(store: Store): Promise<{ write: number[]; read: number[]; small: number[] }> {
  const h = await createHarness(store, await loadDirectoryFile(EXAMPLE_DIRECTORY));
  await h.as('maria', '/incident open wanderlust-web Site down');
  const time = async (text: string) => {
    const start = performance.now();
    const reply = await h.as('dana', text, 1);
    if (reply.error) throw new Error(reply.text);
    return performance.now() - start;
  };
  for (let i = 0; i < 20; i++) await time(`/incident step add warm-up ${i}`); // JIT and connection warm-up
  await h.as('maria', '/incident open wanderlust-blog Blog down');
  const small: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await h.as('dana', `/incident step add Small ${i}`, 2);
    small.push(performance.now() - start);
  }
  const write: number[] = [];
  const read: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    write.push(await time(`/incident step add Step ${i}`));
    read.push(await time('/incident status'));
  }
  const sort = (xs: number[]) => xs.sort((a, b) => a - b);
  return { write: sort(write), read: sort(read), small: sort(small) };
}

type Result = Awaited<ReturnType<typeof measure>>;

function figures(report: Report, name: string, r: Result, base: Result): void {
  const memory = (v: number) => ({ name: 'memory store', value: v });
  report.ratio({
    name: `step add p50, 20-step incident, ${name}`,
    value: percentile(r.small, 50),
    unit: 'ms',
    baseline: memory(percentile(base.small, 50)),
  });
  report.ratio({
    name: `step add p50, 200-step incident, ${name}`,
    value: percentile(r.write, 50),
    unit: 'ms',
    baseline: memory(percentile(base.write, 50)),
  });
  report.ratio({
    name: `step add p99, 200-step incident, ${name}`,
    value: percentile(r.write, 99),
    unit: 'ms',
    baseline: memory(percentile(base.write, 99)),
  });
  report.ratio({
    name: `status p50, 200-step incident, ${name}`,
    value: percentile(r.read, 50),
    unit: 'ms',
    baseline: memory(percentile(base.read, 50)),
  });
}

export async function run(report: Report): Promise<void> {
  const memory = await measure(createMemoryStore());
  const dir = await mkdtemp(path.join(tmpdir(), 'handoff-bench-'));
  const pglite = createPrismaStore(await openDatabase({ kind: 'pglite', dataDir: dir }));
  try {
    figures(report, 'PGlite', await measure(pglite), memory);
  } finally {
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
  }
  if (!(await postgresAvailable())) {
    console.log('   PostgreSQL not running on 127.0.0.1:5432: skipped');
    return;
  }
  const db = await createTestPostgresDatabase();
  const pg = createPrismaStore(await openDatabase({ kind: 'postgres', url: db.url }));
  try {
    figures(report, 'PostgreSQL', await measure(pg), memory);
  } finally {
    await pg.close();
    await db.drop();
  }
}
