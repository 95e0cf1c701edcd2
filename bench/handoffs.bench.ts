// Issue 13: handoff propose + accept pairs per second through the use-cases, on PostgreSQL
// and on PGlite (in its thread), against a bare Prisma interactive transaction of two
// statements at the same concurrency on the same database.

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

const SECONDS = 5;
/** Incidents worked at once, one site each: the concurrency of both measurements. */
const SITES = ['wanderlust-web', 'wanderlust-blog', 'harbour-shop', 'fjord-booking'];

async function pairsPerSecond(store: Store): Promise<number> {
  const h = await createHarness(store, await loadDirectoryFile(EXAMPLE_DIRECTORY));
  const sites = h.deps.directory().sites.map((s) => s.id);
  const lanes = SITES.filter((s) => sites.includes(s));
  const run = async (text: string, person: string, incident: number) => {
    const reply = await h.as(person, text, incident);
    if (reply.error) throw new Error(`${text}: ${reply.text}`);
  };
  const incidents: Array<{ number: number; it: string; vendor: string }> = [];
  for (const site of lanes) {
    const siteRow = h.deps.directory().sites.find((s) => s.id === site)!;
    const client = h.deps.directory().people.find((p) => p.organisationId === siteRow.clientId)!;
    await run(`/incident open ${site} Down`, client.id, 0);
    const number = incidents.length + 1;
    await run('/incident step add Look at it', siteRow.itContactId, number);
    incidents.push({ number, it: siteRow.itContactId, vendor: siteRow.vendorContactIds[0]! });
  }
  const directory = h.deps.directory();
  let pairs = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    incidents.map(async ({ number, it, vendor }) => {
      // The step goes back and forth between the IT contact and the site's vendor.
      let holder = it;
      let next = vendor;
      let handoff = 0;
      while (performance.now() < until) {
        const name = directory.people.find((p) => p.id === next)!.name;
        await run(`/incident handoff 1 @${name} Your turn: disk is full`, holder, number);
        handoff++;
        await run(`/incident accept H${handoff}`, next, number);
        [holder, next] = [next, holder];
        pairs++;
      }
    }),
  );
  return pairs / SECONDS;
}

async function barePairsPerSecond(db: Database, lanes: number): Promise<number> {
  await db.prisma.$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS bench_pairs (id int PRIMARY KEY, n int NOT NULL)',
  );
  let pairs = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      await db.prisma.$executeRawUnsafe(`INSERT INTO bench_pairs VALUES (${lane}, 0) ON CONFLICT DO NOTHING`);
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
  await db.prisma.$executeRawUnsafe('DROP TABLE bench_pairs');
  return pairs / SECONDS;
}

async function measure(report: Report, name: string, open: () => Promise<Database>): Promise<void> {
  const bareDb = await open();
  const bare = await barePairsPerSecond(bareDb, SITES.length).finally(() => bareDb.close());
  const db = await open();
  const store = createPrismaStore(db);
  try {
    const pairs = await pairsPerSecond(store);
    report.ratio(
      {
        name: `handoff propose + accept pairs/s, ${SITES.length} incidents at once, ${name}`,
        value: pairs,
        unit: 'pairs/s',
        baseline: { name: 'bare 2-statement transactions ×2', value: bare },
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
