// The store contract on PostgreSQL: a fresh database for this file on the test server
// (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test). Skipped when the
// server is not reachable, failed instead under CI=true.
import { describe } from 'vitest';
import { freshPostgresForSuite, storeOnSharedDatabase } from '../support/prisma-db.ts';
import { serverSuite } from '../support/servers.ts';
import { storeContract } from './store-contract.ts';

const pgUp = await serverSuite('PostgreSQL', 'Store contract: PostgreSQL');

describe.skipIf(!pgUp)('PostgreSQL store', () => {
  const postgres = freshPostgresForSuite();
  storeContract(
    'PostgreSQL',
    storeOnSharedDatabase(() => postgres.db),
  );
});
