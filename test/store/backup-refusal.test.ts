// Issue 12, build 3: a refused import leaves the database byte-for-byte as it was, on PGlite
// and PostgreSQL, whether the file is wrong in shape, in references, in duplicates or against
// its own timeline, and whether or not --replace was asked for.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.ts';
import { exportAll, importAll, type BackupDocument } from '../../src/store/backup.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { fillStore, STAMP, validBackup } from './backup-fixture.ts';
import { tableChecksums } from './table-checksums.ts';

type Corruption = [name: string, corrupt: (doc: BackupDocument) => void];

/** The seen cases of issue 12 and one of each kind of check. */
export const CORRUPTIONS: Corruption[] = [
  [
    'a ghost participant',
    (d) => d.incidents[0]!.participants.push({ personId: 'ghost', role: 'observer', joinedAt: STAMP }),
  ],
  ['a duplicated person id', (d) => void d.directory.people.push({ ...d.directory.people[0]!, handles: {} })],
  ['a status its timeline contradicts', (d) => void (d.incidents[1]!.status = 'resolved')],
  ['a duplicated incident', (d) => void d.incidents.push(structuredClone(d.incidents[0]!))],
  ['a NUL byte in a title', (d) => void (d.incidents[0]!.title = 'Site\u0000 down')],
  ['a site not in the directory', (d) => void (d.incidents[1]!.siteId = 'nowhere')],
  ['a timeline event out of sequence', (d) => void (d.timeline[3]!.seq = 40)],
  ['a deadline for a missing handoff', (d) => void (d.deadlines[1]!.handoffNumber = 9)],
  ['an incident number too large for the database', (d) => void (d.incidents[1]!.number = 2 ** 31)],
];

function refusals(name: string, open: () => Promise<Database>) {
  describe(`refused imports on ${name}`, () => {
    let db: Database;
    let good: BackupDocument;
    beforeAll(async () => {
      db = await open();
      const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
      await fillStore(store);
      good = await exportAll(store, STAMP);
    });
    afterAll(async () => {
      await db.close();
    });

    it.each(CORRUPTIONS)('leaves every table unchanged for %s', async (_name, corrupt) => {
      const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
      const before = await tableChecksums(db);
      for (const replace of [true, false]) {
        const bad = structuredClone(good);
        corrupt(bad);
        const error = await importAll(store, bad, { replace }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(HandoffError);
        expect((error as Error).message).not.toMatch(/someone else|try again|while you were typing/);
      }
      expect(await tableChecksums(db)).toEqual(before);
    });

    it('says what to do when the database is not empty, and leaves it unchanged', async () => {
      const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
      const before = await tableChecksums(db);
      await expect(importAll(store, await validBackup())).rejects.toThrow(
        /The database is not empty.*replace/,
      );
      expect(await tableChecksums(db)).toEqual(before);
    });
  });
}

refusals('PGlite', () => openDatabase({ kind: 'pglite-memory' }));

const pg = await serverSuite('PostgreSQL', 'refused imports on PostgreSQL');
describe.skipIf(!pg)('PostgreSQL', () => {
  let server: TestDatabase;
  afterAll(async () => {
    await server?.drop();
  });
  refusals('PostgreSQL', async () => {
    server = await createTestPostgresDatabase();
    return openDatabase({ kind: 'postgres', url: server.url });
  });
});
