// Issue 13: handoff propose + accept pairs per second through the use-cases, on PostgreSQL
// and on PGlite (in its thread), against a bare Prisma interactive transaction of two
// statements at the same concurrency on the same database, each warmed up first.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../src/app/ports.ts';
import { EXAMPLE_DIRECTORY } from '../src/config.ts';
import { loadDirectoryFile } from '../src/directory/directory-file.ts';
import { openDatabase, type Database } from '../src/store/database.ts';
import { createPrismaStore } from '../src/store/prisma-store.ts';
import { createHarness } from '../test/support/app-harness.ts';
import { createTestPostgresDatabase, postgresAvailable } from '../test/support/servers.ts';
import type { Report } from './report.ts';

/** Each side is measured this long in all, in ROUNDS turns taken alternately with the other. */
const SECONDS = 5;
const ROUNDS = 2;
/**
 * Each side runs this long first, uncounted: a figure of throughput is the steady one, not
 * V8 compiling the code it runs (Handoff's use-cases and store start cold, the bare loop
 * is a few lines). Without it the first second of Handoff's five ran at about half speed.
 */
const WARM_UP_SECONDS = 1.5;
/** Incidents worked at once, one site each: the concurrency of both measurements. */
const SITES = ['wanderlust-web', 'wanderlust-blog', 'harbour-shop', 'fjord-booking'];

/** Runs its lanes for `seconds`, and says how many pairs they made. */
type Lanes = (seconds: number) => Promise<number>;

async function handoffLanes(store: Store): Promise<Lanes> {
  const h = await createHarness(store, await loadDirectoryFile(EXAMPLE_DIRECTORY));
  const sites = h.deps.directory().sites.map((s) => s.id);
  const lanes = SITES.filter((s) => sites.includes(s));
  const run = async (text: string, person: string, incident: number) => {
    const reply = await h.as(person, text, incident);
    if (reply.error) throw new Error(`${text}: ${reply.text}`);
  };
  const incidents: Array<{ number: number; holder: string; next: string; handoffs: number }> = [];
  for (const site of lanes) {
    const siteRow = h.deps.directory().sites.find((s) => s.id === site)!;
    const client = h.deps.directory().people.find((p) => p.organisationId === siteRow.clientId)!;
    await run(`/incident open ${site} Down`, client.id, 0);
    const number = incidents.length + 1;
    await run('/incident step add Look at it', siteRow.itContactId, number);
    const vendor = siteRow.vendorContactIds[0]!;
    incidents.push({ number, holder: siteRow.itContactId, next: vendor, handoffs: 0 });
  }
  const directory = h.deps.directory();
  return async (seconds) => {
    let pairs = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      incidents.map(async (lane) => {
        // The step goes back and forth between the IT contact and the site's vendor.
        while (performance.now() < until) {
          const name = directory.people.find((p) => p.id === lane.next)!.name;
          await run(`/incident handoff 1 @${name} Your turn: disk is full`, lane.holder, lane.number);
          lane.handoffs++;
          await run(`/incident accept H${lane.handoffs}`, lane.next, lane.number);
          [lane.holder, lane.next] = [lane.next, lane.holder];
          pairs++;
        }
      }),
    );
    return pairs;
  };
}

async function bareLanes(db: Database, lanes: number): Promise<{ run: Lanes; drop(): Promise<void> }> {
  await db.prisma.$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS bench_pairs (id int PRIMARY KEY, n int NOT NULL)',
  );
  for (let lane = 0; lane < lanes; lane++) {
    await db.prisma.$executeRawUnsafe(`INSERT INTO bench_pairs VALUES (${lane}, 0) ON CONFLICT DO NOTHING`);
  }
  const run: Lanes = async (seconds) => {
    let pairs = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        while (performance.now() < until) {
          // One pair as the bare minimum: two interactive transactions of two statements.
          for (let i = 0; i < 2; i++) {
            await db.prisma.$transaction(async (tx) => {
              await tx.$queryRawUnsafe(`SELECT n FROM bench_pairs WHERE id = ${lane}`);
              await tx.$executeRawUnsafe(`UPDATE bench_pairs SET n = n + 1 WHERE id = ${lane}`);
            });
          }
          pairs++;
        }
      }),
    );
    return pairs;
  };
  return { run, drop: async () => void (await db.prisma.$executeRawUnsafe('DROP TABLE bench_pairs')) };
}

/**
 * Both on one database, opened once: warmed up, then measured in alternate turns, so a
 * machine whose speed drifts during the run (this one does) weighs on both alike.
 */
async function measure(report: Report, name: string, open: () => Promise<Database>): Promise<void> {
  const db = await open();
  const store = createPrismaStore(db);
  try {
    const bare = await bareLanes(db, SITES.length);
    const handoff = await handoffLanes(store);
    await bare.run(WARM_UP_SECONDS);
    await handoff(WARM_UP_SECONDS);
    let barePairs = 0;
    let pairs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      barePairs += await bare.run(SECONDS / ROUNDS);
      pairs += await handoff(SECONDS / ROUNDS);
    }
    await bare.drop();
    report.ratio(
      {
        name: `handoff propose + accept pairs/s, ${SITES.length} incidents at once, ${name}`,
        value: pairs / SECONDS,
        unit: 'pairs/s',
        baseline: { name: 'bare 2-statement transactions ×2', value: barePairs / SECONDS },
      },
      { min: 0.67 },
    );
  } finally {
    await store.close();
  }
}

export async function run(report: Report): Promise<void> {
  if (await postgresAvailable()) {
    const server = await createTestPostgresDatabase();
    try {
      await measure(report, 'PostgreSQL', () => openDatabase({ kind: 'postgres', url: server.url }));
    } finally {
      await server.drop();
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'handoff-pairs-'));
  try {
    await measure(report, 'PGlite', () => openDatabase({ kind: 'pglite', dataDir: dir }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
