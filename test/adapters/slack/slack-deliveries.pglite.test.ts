// Issue 11's Slack deliveries on the embedded database (PGlite, in memory).

import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openDatabase, type Database } from '../../../src/store/database.ts';
import { createPrismaStore } from '../../../src/store/prisma-store.ts';
import { truncateAll } from '../../support/prisma-db.ts';
import { slackDeliverySuite } from './slack-deliveries.ts';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite-memory' });
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  await truncateAll(db);
});

// Every "process" shares the one in-memory database; closing a store leaves it open.
slackDeliverySuite('PGlite', async () => createPrismaStore({ prisma: db.prisma, close: async () => {} }));
