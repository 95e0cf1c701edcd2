// Issue 13: every command typed in a channel asks which incident the channel is the room
// of. The lookup is a containment the rooms' GIN index answers, not a scan of every
// incident ever opened: the plan names the index once scans are ruled out.

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { freshPostgresForSuite } from '../support/prisma-db.ts';
import { postgresAvailable } from '../support/servers.ts';

const postgres = await postgresAvailable();

describe.skipIf(!postgres)('the room lookup, PostgreSQL', () => {
  const fresh = freshPostgresForSuite(); // migrated

  it('is answered by the rooms index', async () => {
    const { db, url } = fresh;
    // The statement the store sends, captured rather than copied.
    const sent: string[] = [];
    const sql = db.sql!;
    const store = createPrismaStore({
      ...db,
      sql: {
        ...sql,
        query: (text, params) => (sent.push(text), sql.query(text, params)),
      },
    });
    expect(await store.autocommit((tx) => tx.incidentNumberForRoom('slack', 'C123'))).toBeUndefined();
    const lookup = sent.find((text) => text.includes('"Incident"'))!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${lookup.replace('$1', "'slack'").replace('$2', "'C123'")}`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('Incident_rooms_idx');
    } finally {
      await client.end();
    }
  });
});
