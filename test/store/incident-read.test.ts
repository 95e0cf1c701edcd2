// Issue 13: an incident is read in one statement (src/store/incident-read.ts). What it
// returns must be exactly what Prisma's model queries return, on PGlite and PostgreSQL:
// the save's diff compares these rows with the incident to write only what changed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { readIncidentRow } from '../../src/store/incident-read.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { prismaSql, type Sql } from '../../src/store/sql.ts';
import { createHarness } from '../support/app-harness.ts';
import { openFreshPostgres, truncateAll } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';
import { testWorld } from '../support/world.ts';

/** The rows as four model queries give them, ordered as the one statement orders them. */
async function viaModelQueries(db: Database, number: number) {
  const incident = await db.prisma.incident.findUnique({ where: { number } });
  if (!incident) return null;
  const of = { where: { incidentNumber: number } };
  return {
    ...incident,
    participants: await db.prisma.participant.findMany({ ...of, orderBy: { personId: 'asc' } }),
    steps: await db.prisma.step.findMany({ ...of, orderBy: { number: 'asc' } }),
    handoffs: await db.prisma.handoff.findMany({ ...of, orderBy: { number: 'asc' } }),
  };
}

function readsLikePrisma(
  name: string,
  pooled: boolean,
  open: () => Promise<{ db: Database; close(): Promise<void> }>,
) {
  describe(`one-statement incident read on ${name}`, () => {
    let opened: { db: Database; close(): Promise<void> } | undefined;
    beforeAll(async () => {
      opened = await open();
      const db = opened.db;
      await truncateAll(db);
      const h = await createHarness(
        createPrismaStore({ prisma: db.prisma, close: async () => {} }),
        testWorld(),
      );
      const said = async (person: string, text: string, incident?: number) => {
        h.clock.advance(61_123); // times with milliseconds
        const reply = await h.as(person, text, incident);
        expect(reply.error, reply.text).toBeUndefined();
      };
      // INC-1: resolved, with an accepted and a declined handoff (a reason, answer times).
      await said('maria', '/incident open wanderlust-web Site down');
      await said('dana', '/incident step add Check the server', 1);
      await said('dana', '/incident step add Read the logs', 1);
      await said('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp', 1);
      await said('sam', '/incident accept H1', 1);
      await said('dana', '/incident handoff 2 @Sam Logs say "timeout" & more', 1);
      await said('sam', '/incident decline H2 Not ours: the app logs', 1);
      await said('dana', '/incident resolve Disk cleaned', 1);
      // INC-2: open, one pending handoff, nothing answered (null columns).
      await said('priya', '/incident open acme-shop Shop down');
      await said('priya', '/incident step add Check the payment provider', 2);
      await said('priya', '/incident handoff 1 @Sam Payments fail', 2);
    }, 60_000);
    afterAll(async () => opened?.close());

    /** Through Prisma's raw queries, and straight on the pool where the database has one (sql.ts). */
    const roads = (db: Database): Array<[string, Sql]> => [
      ['Prisma', prismaSql(db.prisma)],
      ...(db.sql ? [['the pool', db.sql] as [string, Sql]] : []),
    ];

    it('returns the rows Prisma returns, dates and nulls included, on either road', async () => {
      const db = opened!.db;
      expect(roads(db).length).toBe(pooled ? 2 : 1);
      for (const [road, sql] of roads(db)) {
        for (const number of [1, 2]) {
          const expected = await viaModelQueries(db, number);
          expect(expected!.handoffs.length).toBeGreaterThan(0);
          expect(await readIncidentRow(sql, { number }), road).toEqual(expected);
        }
        const resolved = await readIncidentRow(sql, { number: 1 });
        expect(resolved!.resolvedAt).toBeInstanceOf(Date);
        expect(resolved!.resolvedAt!.getUTCMilliseconds()).not.toBe(0);
        expect(resolved!.handoffs.map((h) => [h.status, h.reason])).toEqual([
          ['accepted', null],
          ['declined', 'Not ours: the app logs'],
        ]);
      }
    });

    it('finds the open incident of a site, and nothing for a resolved one or an unknown number', async () => {
      for (const [road, sql] of roads(opened!.db)) {
        expect((await readIncidentRow(sql, { openSiteKey: 'acme-shop' }))?.number, road).toBe(2);
        expect(await readIncidentRow(sql, { openSiteKey: 'wanderlust-web' }), road).toBeNull();
        expect(await readIncidentRow(sql, { number: 99 }), road).toBeNull();
      }
    });
  });
}

readsLikePrisma('PGlite in memory', false, async () => {
  const db = await openDatabase({ kind: 'pglite-memory' });
  return { db, close: () => db.close() };
});

const postgres = await postgresAvailable();
describe.skipIf(!postgres)('PostgreSQL', () => {
  readsLikePrisma('PostgreSQL', true, async () => {
    return openFreshPostgres();
  });
});
