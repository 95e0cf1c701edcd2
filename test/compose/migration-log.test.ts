// Starting Handoff says so when it changes the database's schema: every migration on a new
// database, the pending one on an upgrade, and nothing when the schema is up to date.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startCore } from '../../src/main.ts';
import { systemClock } from '../../src/timers/clock.ts';
import { MemoryLogger } from '../adapters/slack/slack-world.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';

const MIGRATIONS = readdirSync(path.resolve(import.meta.dirname, '../../prisma/migrations'), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Undone below by hand (its index dropped), as an older release's database would lack it. */
const INDEX = MIGRATIONS.find((name) => name.endsWith('_incident_rooms_index'))!;

const up = await serverSuite('PostgreSQL', 'Migrations logged at start');

describe.skipIf(!up)('the migrations a start applies are logged', () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  const start = async () => {
    const logger = new MemoryLogger();
    const core = await startCore(loadConfig({ DATABASE_URL: database!.url }), {
      notifiers: {},
      clock: systemClock,
      logger,
    });
    await core.stop();
    return logger.lines.filter((l) => l.message.startsWith('database: '));
  };

  it('on a new database, after an upgrade, and not when up to date', { timeout: 60_000 }, async () => {
    database = await createTestPostgresDatabase();
    expect(await start()).toEqual([
      {
        level: 'info',
        message: `database: applied ${MIGRATIONS.length} pending migrations`,
        fields: { migrations: MIGRATIONS },
      },
    ]);
    expect(await start()).toEqual([]);

    // As if this database had been made by a release before the rooms index.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('DROP INDEX "Incident_rooms_idx"');
      await client.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [INDEX]);
    } finally {
      await client.end();
    }
    expect(await start()).toEqual([
      { level: 'info', message: 'database: applied 1 pending migration', fields: { migrations: [INDEX] } },
    ]);
  });
});
