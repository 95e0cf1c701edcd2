// Issue 11's Slack deliveries on PostgreSQL: each "process" opens its own connection.

import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openDatabase, type Database } from '../../../src/store/database.ts';
import { createPrismaStore } from '../../../src/store/prisma-store.ts';
import { truncateAll } from '../../support/prisma-db.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../../support/servers.ts';
import { slackDeliverySuite } from './slack-deliveries.ts';

const up = await serverSuite('PostgreSQL', 'Slack deliveries on PostgreSQL');
describe.skipIf(!up)('on PostgreSQL', () => {
  let server: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    server = await createTestPostgresDatabase();
    db = await openDatabase({ kind: 'postgres', url: server.url });
  });
  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });
  beforeEach(async () => {
    await truncateAll(db);
  });

  slackDeliverySuite('PostgreSQL', async () =>
    createPrismaStore(await openDatabase({ kind: 'postgres', url: server.url }, { migrate: false })),
  );
});
