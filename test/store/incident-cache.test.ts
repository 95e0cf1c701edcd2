// Issue 13: a command on an incident nobody changed since this process last read or wrote
// it does not read its rows again (src/store/incident-cache.ts). The cached copy is used only
// while the incident's row is the very version it came from; a change by another process,
// a rolled-back save and a restore are all seen; and what is cached cannot be changed.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident-types.ts';
import { deepFreeze, IncidentCache } from '../../src/store/incident-cache.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import type { DeferredSql, Sql } from '../../src/store/sql.ts';
import { createHarness } from '../support/app-harness.ts';
import { freshPostgresForSuite, truncateAll } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';
import { testWorld } from '../support/world.ts';

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('the incident cache, PostgreSQL', () => {
  const fresh = freshPostgresForSuite();
  beforeEach(() => truncateAll(fresh.db));

  /** A store on the suite's database whose reads of an incident's rows are counted. */
  function countingStore() {
    const sql = fresh.db.sql!;
    const counter = { rowReads: 0 };
    // Every road a read takes (alone, or in a transaction): a read that came back with rows.
    const counting = <S extends Sql>(road: S): S => ({
      ...road,
      query: async <Row>(text: string, params?: unknown[]) => {
        const rows = await road.query<Row>(text, params);
        const row = (rows[0] as { row?: unknown } | undefined)?.row;
        if (text.includes('json_build_object') && typeof row === 'string') counter.rowReads++;
        return rows;
      },
    });
    const counted = {
      ...counting(sql),
      transaction: <T>(fn: (tx: Sql) => Promise<T>) => sql.transaction((tx) => fn(counting(tx))),
      deferredTransaction: <T>(fn: (tx: DeferredSql) => Promise<T>) =>
        sql.deferredTransaction((tx) => fn(counting(tx))),
    };
    const store = createPrismaStore({ ...fresh.db, sql: counted, close: async () => {} });
    return { store, counter };
  }

  it('reads the rows once while only this process changes the incident', async () => {
    const { store, counter } = countingStore();
    const h = await createHarness(store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the disk', 1);
    const before = counter.rowReads;
    await h.as('dana', '/incident handoff 1 @Sam Disk full', 1);
    await h.as('sam', '/incident accept H1', 1);
    await h.as('sam', '/incident status', 1);
    expect(counter.rowReads - before).toBe(0);
    const incident = await store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps[0]?.ownerId).toBe('sam');
  });

  it('reads them again after another process (another store) changed it, and sees the change', async () => {
    const mine = countingStore();
    const h = await createHarness(mine.store, testWorld());
    const theirs = await createHarness(
      createPrismaStore({ ...fresh.db, close: async () => {} }),
      testWorld(),
    );
    await h.as('otto', '/incident open acme-shop Shop down');
    const number = (await mine.store.autocommit((tx) => tx.findOpenIncident('acme-shop')))!.number;
    await h.as('priya', '/incident step add Look at the cart', number);
    await theirs.as('priya', '/incident step add Look at the payments', number);
    const before = mine.counter.rowReads;
    const incident = await mine.store.transaction((tx) => tx.loadIncident(number));
    expect(mine.counter.rowReads - before).toBe(1);
    expect(incident?.steps.map((s) => s.title)).toEqual(['Look at the cart', 'Look at the payments']);
  });

  it('sees an incident rebuilt elsewhere with the same number and version (a restore)', async () => {
    const mine = countingStore();
    const h = await createHarness(mine.store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the disk', 1);
    const cached = (await mine.store.transaction((tx) => tx.loadIncident(1)))!;
    const other = createPrismaStore({ ...fresh.db, close: async () => {} });
    await other.transaction((tx) => tx.wipe());
    const theirs = await createHarness(other, testWorld());
    await theirs.as('maria', '/incident open wanderlust-web Checkout broken');
    await theirs.as('dana', '/incident step add Check the payments', 1);
    const reread = (await mine.store.transaction((tx) => tx.loadIncident(1)))!;
    expect(reread.version).toBe(cached.version); // the same number and version…
    expect(reread.title).toBe('Checkout broken'); // …but another row: read again
    expect(reread.steps.map((s) => s.title)).toEqual(['Check the payments']);
  });

  it('does not keep what a rolled-back save wrote', async () => {
    const { store } = countingStore();
    const h = await createHarness(store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    const number = (await store.autocommit((tx) => tx.findOpenIncident('wanderlust-web')))!.number;
    const loaded = (await store.transaction((tx) => tx.loadIncident(number)))!;
    await expect(
      store.transaction(async (tx) => {
        const current = (await tx.loadIncident(number))!;
        const renamed: Incident = { ...current, title: 'Never saved', version: current.version + 1 };
        await tx.saveIncident(renamed, [
          {
            incidentNumber: number,
            seq: current.version + 1,
            at: new Date('2026-03-02T09:00:00Z'),
            actorId: 'maria',
            type: 'update.posted',
            payload: { text: 'never' },
          },
        ]);
        throw new Error('the command failed after its save');
      }),
    ).rejects.toThrow('the command failed after its save');
    const after = await store.transaction((tx) => tx.loadIncident(number));
    expect(after?.title).toBe(loaded.title);
    expect(after?.version).toBe(loaded.version);
  });

  it('hands out incidents that cannot be changed in place', async () => {
    const { store } = countingStore();
    const h = await createHarness(store, testWorld());
    await h.as('kevin', '/incident open wanderlust-web Site down');
    const number = (await store.autocommit((tx) => tx.findOpenIncident('wanderlust-web')))!.number;
    const incident = (await store.transaction((tx) => tx.loadIncident(number)))!;
    expect(() => {
      (incident as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(() => (incident.participants as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('the cache itself', () => {
  it('keeps the most recently used incidents up to its limit', () => {
    const cache = new IncidentCache(2);
    const entry = (number: number) => ({
      xmin: String(number),
      version: 1,
      incident: { number } as Incident,
      rows: { participants: [], steps: [], handoffs: [], openSiteKey: null },
    });
    cache.set(entry(1));
    cache.set(entry(2));
    cache.set(entry(1)); // 1 is the latest again
    cache.set(entry(3)); // 2 goes
    expect([1, 2, 3].map((n) => cache.get(n)?.xmin)).toEqual(['1', undefined, '3']);
  });

  it('freezes objects and arrays all the way down, but not Dates', () => {
    const value = deepFreeze({ a: [{ b: 1 }], at: new Date(0) });
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(value.at)).toBe(false);
  });

  it('passes over what a value shares with a frozen one, and freezes the rest', () => {
    const shared = { n: 1 };
    const before = deepFreeze({ list: [shared, { n: 2 }], title: { text: 'a' } });
    const changed = { n: 3 };
    const next = { list: [shared, changed, { n: 4 }], title: before.title };
    const seen: unknown[] = [];
    // Object.isFrozen is what a pass over a shared part would ask: it must not, for them.
    const isFrozen = Object.isFrozen;
    Object.isFrozen = (o: unknown) => (seen.push(o), isFrozen(o));
    try {
      deepFreeze(next, before);
    } finally {
      Object.isFrozen = isFrozen;
    }
    expect(seen).not.toContain(shared);
    expect(seen).not.toContain(before.title);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.list)).toBe(true);
    expect(Object.isFrozen(changed)).toBe(true);
    expect(Object.isFrozen(next.list[2])).toBe(true);
  });
});
