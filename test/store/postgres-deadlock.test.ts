// Found by the scale-out bench (issue 13): two processes on one incident can take PostgreSQL
// row locks in opposite orders (a command: incident, then its deadlines; a firing deadline:
// the deadline, then the incident). PostgreSQL breaks the deadlock by aborting one of them;
// the store must report that as a retryable conflict, so the use-case tries again instead of
// answering "Something went wrong on our side".

import { describe, expect, it } from 'vitest';
import type { StoredDeadline, StoreTx } from '../../src/app/ports.ts';
import { ConflictError } from '../../src/domain/errors.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { freshPostgresForSuite } from '../support/prisma-db.ts';
import { serverSuite } from '../support/servers.ts';

const pgUp = await serverSuite('PostgreSQL', 'Deadlocks: PostgreSQL');

const at = new Date('2026-03-01T08:00:00Z');
const row = (key: string): StoredDeadline => ({
  key,
  kind: 'handoff.remind',
  at,
  incidentNumber: 1,
  handoffNumber: 1,
  status: 'pending',
});

describe.skipIf(!pgUp)('PostgreSQL deadlocks', () => {
  const fresh = freshPostgresForSuite();

  it('reports the transaction PostgreSQL aborts as a retryable conflict', async () => {
    const store = createPrismaStore({ prisma: fresh.db.prisma, close: async () => {} });
    await store.transaction((tx) => tx.saveDeadlines([row('a'), row('b')]));
    // Each transaction locks one row, waits for the other to lock its own, then wants the other's.
    let locked = 0;
    const bothLocked = async () => {
      locked++;
      while (locked < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const crossing = (first: string, second: string) => async (tx: StoreTx) => {
      await tx.saveDeadlines([row(first)]);
      // A write waits in the transaction's batch until the next read (write-batch.ts): this
      // read sends it, so the row is locked before the other transaction asks for it.
      await tx.loadDeadline(first);
      await bothLocked();
      await tx.saveDeadlines([row(second)]);
    };
    const outcomes = await Promise.allSettled([
      store.transaction(crossing('a', 'b')),
      store.transaction(crossing('b', 'a')),
    ]);
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toBeInstanceOf(ConflictError);
    expect((failed[0]!.reason as ConflictError).retryable).toBe(true);
  });
});
