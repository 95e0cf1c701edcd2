// A long-running bot applies pending migrations in a process of its own, so it does not
// keep Prisma's schema engine in its memory (migrate-apart.ts); what it applied is still
// reported, and a failure still says why.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.ts';
import { openDatabase } from '../../src/store/database.ts';
import { applyMigrationsApart } from '../../src/store/migrate-apart.ts';
import { defaultMigrationPaths } from '../../src/store/migrate.ts';
import { schemaEngineLoaded } from '../../src/store/schema-engine.ts';
import { createTestPostgresDatabase, postgresAvailable } from '../support/servers.ts';

const postgres = await postgresAvailable();
const MIGRATIONS = readdirSync(defaultMigrationPaths.migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Opens, migrating apart; checks what it reports and that the schema is there; closes. */
async function openedApart(config: Parameters<typeof openDatabase>[0]) {
  const db = await openDatabase(config, { migrateApart: true });
  try {
    expect(db.appliedMigrations).toEqual(MIGRATIONS);
    const [row] = await db.sql!.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Incident"`);
    expect(row?.n).toBe(0);
    const applied = await db.sql!.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
    );
    expect(applied.map((m) => m.migration_name)).toEqual(MIGRATIONS);
  } finally {
    await db.close();
  }
  // Opened again: nothing pending, nothing applied.
  const again = await openDatabase(config, { migrateApart: true });
  expect(again.appliedMigrations).toEqual([]);
  await again.close();
}

describe('migrations applied in a process of their own', () => {
  it.skipIf(!postgres)(
    'on a new PostgreSQL database: applied there, reported here, no engine loaded here',
    async () => {
      const server = await createTestPostgresDatabase();
      try {
        await openedApart({ kind: 'postgres', url: server.url });
        expect(schemaEngineLoaded()).toBe(false);
      } finally {
        await server.drop();
      }
    },
  );

  it('on a new PGlite folder, through the socket its thread serves', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-migrate-apart-'));
    try {
      await openedApart({ kind: 'pglite', dataDir: dir });
      expect(schemaEngineLoaded()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgres)('a failure says why, in one message', async () => {
    const missing = 'postgresql://postgres@127.0.0.1:5432/handoff_no_such_database';
    // As the engine says it in this process (migrate.ts): the database, and that it does not exist.
    const failure = await applyMigrationsApart(missing).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HandoffError);
    expect((failure as Error).message).toMatch(/handoff_no_such_database.* does not exist/);
    expect((failure as Error).message.split('\n').length).toBeLessThanOrEqual(3);
  });
});
