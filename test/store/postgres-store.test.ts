// The store contract on PostgreSQL: a fresh database for this file on the test server
// (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test). Skipped when the
// server is not reachable, failed instead under CI=true.
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { storeOnSharedDatabase } from '../support/prisma-db.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { storeContract } from './store-contract.ts';

const pgUp = await serverSuite('PostgreSQL', 'Store contract: PostgreSQL');

describe.skipIf(!pgUp)('PostgreSQL store', () => {
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

  storeContract(
    'PostgreSQL',
    storeOnSharedDatabase(() => db),
  );
});
