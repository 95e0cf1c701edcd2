// The store contract on PGlite in memory: one instance for the whole file (it starts slowly).
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { storeOnSharedDatabase } from '../support/prisma-db.ts';
import { storeContract } from './store-contract.ts';

let db: Database;

beforeAll(async () => {
  const started = performance.now();
  db = await openDatabase({ kind: 'pglite-memory' });
  console.log(`PGlite in memory ready and migrated in ${Math.round(performance.now() - started)} ms`);
});

afterAll(async () => {
  await db?.close();
});

storeContract(
  'PGlite',
  storeOnSharedDatabase(() => db),
);
