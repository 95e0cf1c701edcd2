// The scale-out bench's duplicate counter sees a duplicate when there is one: a notification
// posted twice, a second status message in a room, a command answered twice, an action
// recorded twice; and an outbox notification Slack never got. So its "duplicates: 0" in the
// bench is a count, not a default.

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { countDuplicates } from '../../bench/support/duplicate-count.ts';
import { openDatabase } from '../../src/store/database.ts';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';

const up = await serverSuite('PostgreSQL', 'Scale-out duplicate counter');

describe.skipIf(!up)('the scale-out duplicate counter', () => {
  const fake = new FakeSlack();
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await fake.stop();
    await database?.drop();
  });

  it('counts what arrived or was recorded twice, and what never arrived', async () => {
    database = await createTestPostgresDatabase();
    await (await openDatabase({ kind: 'postgres', url: database.url })).close(); // migrated
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`
        INSERT INTO "Organisation" (id, name, kind) VALUES ('wanderlust', 'Wanderlust', 'client');
        INSERT INTO "Site" (id, name, "clientId", "itContactId", "vendorContactIds", "monthlyFeeCents", "uptimeTarget", "creditTiers")
          VALUES ('web', 'Web', 'wanderlust', 'dana', '{}', 100, 99.5, '[]');
        INSERT INTO "Incident" (number, "siteId", title, severity, status, "coordinatorId", "reporterId", "openedAt", rooms, version)
          VALUES (1, 'web', 'Down', 'sev2', 'open', 'dana', 'dana', now(), '{"slack": "DROOM"}', 3);
        INSERT INTO "TimelineEvent" ("incidentNumber", seq, at, "actorId", type, payload) VALUES
          (1, 1, now(), 'dana', 'step.added', '{"step": 1, "title": "Check", "ownerId": "dana"}'),
          (1, 2, now(), 'dana', 'step.added', '{"step": 2, "title": "Check", "ownerId": "dana"}'),
          (1, 3, now(), null, 'handoff.reminded', '{"handoff": 1, "step": 1, "toId": "sam"}');
        INSERT INTO "OutboxEntry" (id, platform, kind, "incidentNumber", payload, "reportFailure", status, attempts, "nextAttemptAt", "createdAt")
          VALUES ('1:3:slack:0', 'slack', 'notify', 1, '{"text": "Sam, H1 waits & more"}', true, 'sent', 1, now(), now()),
                 ('1:3:slack:1', 'slack', 'notify', 1, '{"text": "Dana, never posted"}', true, 'sent', 1, now(), now());
      `);
    } finally {
      await client.end();
    }
    await fake.start();
    const call = (method: string, args: Record<string, string>) =>
      fetch(`${fake.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.token}` },
        body: new URLSearchParams(args),
      });
    for (let i = 0; i < 2; i++) {
      await call('chat.postMessage', { channel: 'DSAM', text: '<@U02SAM> Sam, H1 waits &amp; more' });
      await call('chat.postMessage', { channel: 'DROOM', text: 'INC-1 · Web (sev2) · open' });
      await fetch(fake.responseUrl('cmd-1'), {
        method: 'POST',
        body: JSON.stringify({ text: 'Added step 1' }),
      });
    }

    const count = await countDuplicates(fake, database.url);
    expect(count).toMatchObject({
      posted: 2,
      // The notification, the status message and the answer: once too many each.
      deliveryDuplicates: 3,
      actionDuplicates: 1,
      reminders: 1,
      missing: 1,
      unsent: 0,
    });
    expect(count.details).toEqual(
      expect.arrayContaining([
        'notification posted 1 more time(s): Sam, H1 waits &amp; more',
        'INC-1: 2 status messages',
        'answer cmd-1 ×2',
        'recorded INC-1 step.added Check ×2',
      ]),
    );
  });
});
