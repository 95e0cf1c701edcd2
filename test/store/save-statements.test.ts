// Issue 13: a command's database statements do not grow with the incident. A save writes
// the incident row, its events and the projection rows that changed, not every row again.

import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

/** The database with every Prisma operation counted, the way the store issues them. */
function counted(db: Database) {
  const counter = { writes: 0, rows: 0, all: 0 };
  const prisma = db.prisma.$extends({
    query: {
      async $allOperations({ operation, args, query }) {
        counter.all++;
        const result: unknown = await query(args);
        if (/^(create|update|upsert|delete)/.test(operation)) {
          counter.writes++;
          // createMany/updateMany/deleteMany answer { count }; the others one row.
          const count = (result as { count?: unknown } | null)?.count;
          counter.rows += typeof count === 'number' ? count : 1;
        }
        return result;
      },
    },
  }) as unknown as Database['prisma'];
  return { counter, db: { prisma, close: () => db.close() } };
}

describe('statements per command', () => {
  let db: Database | undefined;
  afterEach(async () => db?.close());

  it('are the same on an incident of 3 steps and one of 40', async () => {
    db = await openDatabase({ kind: 'pglite-memory' });
    const { counter, db: countedDb } = counted(db);
    const h = await createHarness(createPrismaStore(countedDb), testWorld());
    const cost = async (personId: string, text: string, incident: number) => {
      const before = { ...counter };
      const reply = await h.as(personId, text, incident);
      expect(reply.error, reply.text).toBeUndefined();
      return {
        writes: counter.writes - before.writes,
        rows: counter.rows - before.rows,
        all: counter.all - before.all,
      };
    };

    await h.as('maria', '/incident open wanderlust-web Site down');
    for (let i = 1; i <= 3; i++) await h.as('dana', `/incident step add Check ${i}`, 1);
    await h.as('priya', '/incident open acme-shop Shop down');
    for (let i = 1; i <= 40; i++) await h.as('priya', `/incident step add Check ${i}`, 2);

    const small = await cost('dana', '/incident step add One more', 1);
    const large = await cost('priya', '/incident step add One more', 2);
    expect(large).toEqual(small);
    const smallHandoff = await cost('dana', '/incident handoff 2 @Sam Disk full; cleared /tmp', 1);
    const largeHandoff = await cost('priya', '/incident handoff 2 @Sam Disk full; cleared /tmp', 2);
    expect(largeHandoff).toEqual(smallHandoff);
    // Its read, then its writes in one statement (the incident row, its event, the new handoff,
    // the deadlines it arms, its outbox entry, claimed for the delivery this process makes
    // next: write-batch.ts, claimsAtCommit), then the delivery's settle. Eight before the
    // batch; four while the delivery claimed its entry in a statement of its own.
    expect(largeHandoff.all, 'operations of a handoff').toBe(3);
    // Its acceptance: the read, then its writes in one statement with the deadlines it
    // disarms (which return what they cancelled: cancelDeadlinesOnCommit), and the settle.
    // Five while the disarming was a statement of its own, four with the delivery's claim.
    const accept = await cost('sam', '/incident accept H1', 1);
    expect(accept.all, 'operations of an acceptance').toBe(3);
    // The incident row, its event, the new step and a few outbox rows: not 40 step rows again.
    expect(large.rows).toBeLessThan(15);
  });
});
