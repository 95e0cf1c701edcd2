// E-mail through the outbox, on the embedded database (PGlite) with the background delivery
// worker: a server that answers 451 before it takes the message gets it again until it
// does, and it arrives once; a 550 settles the entry as failed, puts delivery.failed on the
// timeline (which tells the coordinator, by e-mail here) and marks the e-mail bounced.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lastEmailStatus } from '../../../adapters/email/email-status.ts';
import { openDatabase, type Database } from '../../../src/store/database.ts';
import { createPrismaStore } from '../../../src/store/prisma-store.ts';
import { truncateAll } from '../../support/prisma-db.ts';
import { createEmailWorld, DANA, MEI, type EmailWorld } from './email-world.ts';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ kind: 'pglite-memory' });
});
afterAll(async () => {
  await db?.close();
});

let world: EmailWorld;
beforeEach(async () => {
  await truncateAll(db);
  const store = createPrismaStore({ prisma: db.prisma, close: async () => {} });
  world = await createEmailWorld({ store, background: true });
});
afterEach(async () => {
  await world.close();
});

const HANDOFF_TEXT = 'Mei, Dana wants to hand you step 1 of INC-1';

async function openIncident(): Promise<void> {
  await world.h.as('dana', '/incident open harbourfinch-web harbourfinch.com returns 503');
  await world.h.as('dana', '/incident step add Check the web server');
  await world.settled();
}

describe('e-mail deliveries through the outbox', () => {
  it('451 twice, then 250: the handoff request arrives exactly once and its entry ends sent', async () => {
    await openIncident();
    let deferred = 0;
    world.smtp.refuseMessage = (to) => {
      if (!to.includes(MEI) || deferred >= 2) return undefined;
      deferred += 1;
      return { code: 451, message: '4.3.0 Greylisted, please try again later' };
    };
    await world.h.as('dana', '/incident handoff 1 @Mei Disk full on web-2; cleared /tmp');
    await world.settled();

    const requests = world.smtp.to(MEI).filter((m) => m.text?.includes(HANDOFF_TEXT));
    expect(requests).toHaveLength(1);
    expect(world.smtp.dataAttempts.filter((to) => to.includes(MEI))).toHaveLength(1 + 3); // greeting + 3 tries
    const entry = (await world.outbox()).find(
      (e) => e.effect.kind === 'notify' && e.effect.notification.text.startsWith(HANDOFF_TEXT),
    );
    expect(entry).toMatchObject({ status: 'sent', attempts: 3 });
    expect(entry?.lastError).toBe(
      'the mail server deferred it: 451 4.3.0 Greylisted, please try again later',
    );
    expect(await lastEmailStatus(world.refs, 1, 'mei')).toMatchObject({
      status: 'delivered',
      messageId: requests[0]!.messageId,
    });
  });

  it('550: the entry fails, the timeline says whom it could not reach, the coordinator is told, the e-mail is bounced', async () => {
    world.smtp.refuseRecipient = ([to]) =>
      to === MEI
        ? { code: 550, message: '5.1.1 <mei@cloudnest.example>: Recipient address rejected' }
        : undefined;
    await openIncident();
    const reason = 'bounced: 550 5.1.1 <mei@cloudnest.example>: Recipient address rejected';

    expect(world.smtp.to(MEI)).toEqual([]);
    const greeting = (await world.outbox()).find(
      (e) => e.effect.kind === 'notify' && e.effect.notification.personId === 'mei',
    );
    // One attempt: a bounce is not retried.
    expect(greeting).toMatchObject({ status: 'failed', attempts: 1, lastError: reason });
    const timeline = await world.h.deps.store.transaction((tx) => tx.timeline(1));
    const failed = timeline.filter((e) => e.type === 'delivery.failed');
    expect(failed.map((e) => e.payload)).toEqual([{ platform: 'email', personId: 'mei', reason }]);
    const told = world.smtp.to(DANA).filter((m) => m.text?.includes('could not reach Mei'));
    expect(told).toHaveLength(1);
    // (The platform's display name is the timeline's business: only the person and the reason are checked.)
    expect(told[0]!.text).toMatch(/^Dana, Handoff could not reach Mei on [\w-]+: /);
    expect(told[0]!.text).toContain(`${reason}.`);
    expect(await lastEmailStatus(world.refs, 1, 'mei')).toMatchObject({ status: 'bounced', error: reason });
    expect(await lastEmailStatus(world.refs, 1, 'dana')).toMatchObject({ status: 'delivered' });
  });
});
