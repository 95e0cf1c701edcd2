// Issue 11's Slack deliveries on PostgreSQL: each "process" opens its own connection.

import { beforeEach, describe } from 'vitest';
import { openDatabase } from '../../../src/store/database.ts';
import { createPrismaStore } from '../../../src/store/prisma-store.ts';
import { freshPostgresForSuite, truncateAll } from '../../support/prisma-db.ts';
import { serverSuite } from '../../support/servers.ts';
import { slackDeliverySuite } from './slack-deliveries.ts';

const up = await serverSuite('PostgreSQL', 'Slack deliveries on PostgreSQL');
describe.skipIf(!up)('on PostgreSQL', () => {
  const fresh = freshPostgresForSuite();
  beforeEach(async () => {
    await truncateAll(fresh.db);
  });

  slackDeliverySuite('PostgreSQL', async () =>
    createPrismaStore(await openDatabase({ kind: 'postgres', url: fresh.url }, { migrate: false })),
  );
});
