// Issue 11 on Slack, through the real Bolt and WebClient against the fake Slack, on a real
// database (the test files pick PGlite or PostgreSQL): a 60 s outage never holds a command
// and loses nothing; after a restart the same status message is edited and pinned once;
// 429 with Retry-After on every kind of call is waited out; the channel comes first, then
// the invitations, then the greetings in it, and only those who cannot be invited get DMs.

import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_POLICY } from '../../../src/app/deliver.ts';
import type { Store } from '../../../src/app/ports.ts';
import { sleep, waitFor } from '../../support/running-clock.ts';
import { testWorld } from '../../support/world.ts';
import { createDeliveryWorld, type DeliveryWorld, type DeliveryWorldOptions } from './delivery-world.ts';
import { slash } from './slack-world.ts';

const DANA = 'U0DANA';
const MARIA = 'U0MARIA';
const SAM = 'U0SAM';
const ROOM_NAME = 'inc-1-wanderlust-web';

/** Retries every second or two and never gives up within a test: deliveries land soon after Slack is back. */
const QUICK_RETRIES = {
  ...DELIVERY_POLICY,
  maxAttempts: 1_000,
  retryBaseMs: 500,
  retryMaxMs: 2_000,
  leaseMs: 60_000,
};

export function slackDeliverySuite(label: string, openStore: () => Promise<Store>): void {
  describe(`Slack deliveries through the outbox, on ${label}`, () => {
    let world: DeliveryWorld;
    const start = async (options: Partial<DeliveryWorldOptions> = {}) => {
      world = await createDeliveryWorld({
        directory: testWorld(),
        openStore,
        delivery: QUICK_RETRIES,
        ...options,
      });
      return world;
    };
    afterEach(async () => {
      await world?.close();
    });

    const room = () => world.fake.channelByName(ROOM_NAME)!.id;
    const posted = (channel: string) => world.fake.messages.filter((m) => m.channel === channel && !m.user);
    const mentions = (user: string, text: string) =>
      world.fake.messages.filter((m) => m.text.startsWith(`<@${user}>`) && m.text.includes(text));
    const statusPosts = () =>
      world.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('INC-1 · '));
    const openIncident = async () => {
      await slash(world, MARIA, 'open wanderlust-web The booking site is down');
      await world.settled();
    };

    it('a 60 s outage: every command is applied and answered at once; afterwards each notification arrives once and the status is edited', async () => {
      await start();
      await openIncident();
      const [status] = statusPosts();
      expect(status).toBeDefined();
      const statusTs = world.fake.pins[0]!.ts;

      world.fake.down = true;
      const outageStarted = performance.now();
      const commands = [
        ['step add Check the server', 'Added step 1'],
        [`handoff 1 <@${SAM}> Disk full; cleared /tmp`, 'Offered step 1 to Sam (H1)'],
        ['update We found the cause and are fixing it', 'Update posted to 2 client contacts'],
      ];
      for (const [text, answer] of commands) {
        const sent = await slash(world, DANA, text!, room());
        expect(sent.status).toBe(200);
        // Answered through response_url while the Web API still answers 500.
        expect(String(world.fake.responses.at(-1)?.body.text)).toContain(answer);
      }
      const types = (await world.store.transaction((tx) => tx.timeline(1))).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['step.added', 'handoff.proposed', 'update.posted']));
      const messagesBefore = world.fake.messages.length;
      await sleep(Math.max(0, 60_000 - (performance.now() - outageStarted)));
      expect(world.fake.messages.length).toBe(messagesBefore); // nothing got through the outage
      world.fake.down = false;

      await world.settled(30_000);
      expect(mentions(SAM, 'wants to hand you step 1')).toHaveLength(1);
      expect(mentions(MARIA, 'an update on INC-1 from Dana')).toHaveLength(1);
      expect(
        posted(room()).filter((m) => m.text.startsWith('For Kevin') && m.text.includes('an update')),
      ).toHaveLength(1);
      // The status message is edited in place, never posted again.
      expect(statusPosts()).toHaveLength(1);
      expect(world.fake.pins).toEqual([{ channel: room(), ts: statusTs }]);
      const pinned = world.fake.messages.find((m) => m.ts === statusTs)!;
      expect(pinned.text).toContain('Check the server');
      expect(await world.store.transaction((tx) => tx.listOutbox({ status: 'failed' }))).toEqual([]);
    }, 120_000);

    it('after a restart the same status message is edited, pinned once, and a handoff request still gives way to its outcome', async () => {
      await start();
      await openIncident();
      await slash(world, DANA, 'step add Check the server', room());
      await slash(world, DANA, `handoff 1 <@${SAM}> Disk full; cleared /tmp`, room());
      await world.settled();
      const statusTs = world.fake.pins[0]!.ts;
      const [request] = mentions(SAM, 'wants to hand you step 1');
      expect(request).toBeDefined();

      await world.restart();
      await slash(world, DANA, 'step add Read the logs', room());
      await world.settled();
      expect(statusPosts()).toHaveLength(1);
      expect(world.fake.callsTo('pins.add')).toHaveLength(1);
      expect(world.fake.pins).toEqual([{ channel: room(), ts: statusTs }]);
      expect(world.fake.messages.find((m) => m.ts === statusTs)!.text).toContain('Read the logs');
      const edits = world.fake.callsTo('chat.update').filter((c) => c.args.ts === statusTs);
      expect(edits.length).toBeGreaterThan(0);

      // The request posted before the restart is found again: its buttons give way to the answer.
      await slash(world, SAM, 'accept H1', room());
      await world.settled();
      const answered = world.fake.messages.find((m) => m.ts === request!.ts)!;
      expect(answered.text).toContain('Accepted by Sam.');
      expect(JSON.stringify(answered.blocks)).not.toContain('"actions"');
      expect(world.fake.callsTo('chat.update').filter((c) => c.args.ts === request!.ts)).toHaveLength(1);
    }, 60_000);

    /** As if the incident had its channel and nobody had posted its status yet. */
    const forgetStatus = async () => {
      const first = world.fake.pins.splice(0)[0]!;
      world.fake.messages.splice(
        world.fake.messages.findIndex((m) => m.ts === first.ts),
        1,
      );
      await world.app.refs('slack').delete('status:1');
    };

    it('two processes bringing a new status up to date at once: one posts it, the other edits it; one pin, nothing taken back', async () => {
      await start();
      const other = await world.startProcess();
      try {
        await openIncident();
        await forgetStatus();
        const postsBefore = statusPosts().length;
        // The first post is held until a second arrives (or 1 s): the other process, which
        // found the first one's lease, waits for its message instead of posting a spare.
        world.fake.holdNext('chat.postMessage', 2, { atMostMs: 1_000 });
        await Promise.all([
          world.adapter.notifier.incidentChanged(1),
          other.adapter.notifier.incidentChanged(1),
        ]);
        expect(statusPosts()).toHaveLength(postsBefore + 1);
        const statuses = posted(room()).filter((m) => m.text.startsWith('INC-1 · '));
        expect(statuses).toHaveLength(1);
        expect(world.fake.pins).toEqual([{ channel: room(), ts: statuses[0]!.ts }]);
        expect(world.fake.callsTo('chat.delete')).toHaveLength(0);
        expect(await world.app.refs('slack').get('lease:status:1')).toBeNull();
      } finally {
        await other.stop();
      }
    }, 60_000);

    it('a status poster that outlasts its lease: the next takes over, both post, one message is kept and the other taken back', async () => {
      await start();
      const other = await world.startProcess();
      try {
        await openIncident();
        await forgetStatus();
        const postsBefore = statusPosts().length;
        world.fake.holdNext('chat.postMessage', 2);
        const first = world.adapter.notifier.incidentChanged(1);
        await waitFor('the first post at Slack', () => statusPosts().length === postsBefore + 1);
        // Its lease runs out while its post hangs (written an hour ago, as a stalled process's would be).
        const refs = world.app.refs('slack');
        await world.store.autocommit((tx) =>
          tx.savePlatformRef('slack', 'lease:status:1', {}, new Date(Date.now() - 3_600_000)),
        );
        expect(await refs.get('lease:status:1')).toEqual({});
        await Promise.all([first, other.adapter.notifier.incidentChanged(1)]);
        expect(statusPosts()).toHaveLength(postsBefore + 2);
        const statuses = posted(room()).filter((m) => m.text.startsWith('INC-1 · '));
        expect(statuses).toHaveLength(1);
        expect(world.fake.pins).toEqual([{ channel: room(), ts: statuses[0]!.ts }]);
        expect(world.fake.callsTo('chat.delete')).toHaveLength(1);
      } finally {
        await other.stop();
      }
    }, 60_000);

    it("two processes creating a new incident's channel at once make one channel and archive none", async () => {
      await start({ retryConfig: { retries: 0 } });
      const other = await world.startProcess();
      const on = (target: { url: string }) => ({ ...world, url: target.url });
      try {
        // Opened while Slack is down: the incident has no channel yet.
        world.fake.down = true;
        await slash(world, MARIA, 'open wanderlust-web The booking site is down');
        expect(world.fake.channels.size).toBe(0);
        world.fake.down = false;
        // The first creation is held until a second arrives (or 1 s); the next command in
        // each process, and the outbox's retries, all want the channel now.
        world.fake.holdNext('conversations.create', 2, { atMostMs: 1_000 });
        await Promise.all([slash(world, DANA, 'INC-1 status'), slash(on(other), DANA, 'INC-1 status')]);
        await world.settled(30_000);
        await waitFor('the channel', () => world.fake.channels.size > 0);
        expect(world.fake.channels.size).toBe(1);
        expect(world.fake.archived.size).toBe(0);
        expect(world.fake.callsTo('conversations.archive')).toHaveLength(0);
        expect(mentions(DANA, 'Hi Dana')).toHaveLength(1);
        expect(await world.app.refs('slack').get('lease:room:1')).toBeNull();
      } finally {
        await other.stop();
      }
    }, 60_000);

    it('429 with Retry-After on every kind of call: delivered after the wait, nothing lost, nothing doubled', async () => {
      // The WebClient tries twice, then the outbox tries again after its own wait.
      await start({ retryConfig: { retries: 1, factor: 1, minTimeout: 50, maxTimeout: 50 } });
      world.fake.guests.add(SAM); // so a direct message (conversations.open) is due too
      const limited = () => ({ status: 429 as const, retryAfter: 1 });
      for (const method of [
        'conversations.create',
        'conversations.invite',
        'conversations.open',
        'chat.postMessage',
        'pins.add',
      ]) {
        world.fake.failNext(method, limited(), limited());
      }
      await slash(world, MARIA, 'open wanderlust-web The booking site is down');
      await world.settled(60_000);
      expect(world.fake.channels.size).toBe(1);
      expect(mentions(DANA, 'Hi Dana')).toHaveLength(1);
      expect(mentions(SAM, 'Hi Sam')).toHaveLength(1);
      expect(statusPosts().length).toBeGreaterThanOrEqual(1);
      expect(posted(room()).filter((m) => m.text.startsWith('INC-1 · '))).toHaveLength(1);
      expect(world.fake.pins).toHaveLength(1);

      await slash(world, DANA, 'step add Check the server', room());
      await slash(world, DANA, `handoff 1 <@${SAM}> Disk full; cleared /tmp`, room());
      await world.settled(60_000);
      const [request] = mentions(SAM, 'wants to hand you step 1');
      expect(request).toBeDefined();
      // The first edits after the answer are the handoff request's; the status edit follows.
      // More refusals than any single attempt's retries: only a later attempt gets through.
      world.fake.failNext('chat.update', ...Array.from({ length: 8 }, limited));
      await slash(world, SAM, 'accept H1', request!.channel);
      await world.settled(60_000);
      expect(world.fake.messages.find((m) => m.ts === request!.ts)!.text).toContain('Accepted by Sam.');
      const status = posted(room()).find((m) => m.text.startsWith('INC-1 · '))!;
      expect(status.text).toContain('Sam');
      expect(mentions(SAM, 'wants to hand you step 1')).toHaveLength(1);
      expect(mentions(DANA, 'Sam accepted H1')).toHaveLength(1);
      expect(world.fake.pins).toHaveLength(1);
      expect(await world.store.transaction((tx) => tx.listOutbox({ status: 'failed' }))).toEqual([]);
    }, 120_000);

    it('on open: the channel is created, people invited, then greeted in it; a guest who cannot be invited gets DMs and the coordinator is told once', async () => {
      await start();
      world.fake.guests.add(SAM);
      await openIncident();
      const calls = world.fake.calls.map((c) => c.method);
      const create = calls.indexOf('conversations.create');
      const invite = calls.indexOf('conversations.invite');
      const greeting = world.fake.calls.findIndex(
        (c) => c.method === 'chat.postMessage' && String(c.args.text).includes('Hi Dana'),
      );
      expect(create).toBeGreaterThanOrEqual(0);
      expect(invite).toBeGreaterThan(create);
      expect(greeting).toBeGreaterThan(invite);
      expect(mentions(DANA, 'Hi Dana').map((m) => m.channel)).toEqual([room()]);
      expect([...world.fake.channelByName(ROOM_NAME)!.members].sort()).toEqual([
        'U0DANA',
        'U0MARIA',
        'UHANDOFF',
      ]);
      // Sam could not be added: greeted by direct message, and only there.
      expect(mentions(SAM, 'Hi Sam').map((m) => m.channel)).toEqual([`D${SAM}`]);
      const told = mentions(DANA, 'could not reach Sam on Slack');
      expect(told).toHaveLength(1);
      expect(told[0]!.channel).toBe(room());

      // Later messages to Sam go by DM too, and the coordinator is not told again.
      await slash(world, DANA, 'step add Check the server', room());
      await slash(world, DANA, `handoff 1 <@${SAM}> Disk full; cleared /tmp`, room());
      await world.settled();
      expect(mentions(SAM, 'wants to hand you step 1').map((m) => m.channel)).toEqual([`D${SAM}`]);
      expect(mentions(DANA, 'could not reach Sam on Slack')).toHaveLength(1);
      expect(world.fake.callsTo('conversations.create')).toHaveLength(1);
    }, 60_000);

    it('someone not in the workspace: the others are invited and greeted in the channel, the coordinator is told once', async () => {
      await start();
      world.fake.strangers.add(SAM);
      await openIncident();
      expect(mentions(DANA, 'Hi Dana').map((m) => m.channel)).toEqual([room()]);
      expect([...world.fake.channelByName(ROOM_NAME)!.members].sort()).toEqual([
        'U0DANA',
        'U0MARIA',
        'UHANDOFF',
      ]);
      expect(mentions(SAM, 'Hi Sam')).toEqual([]);
      await waitFor('the coordinator told', () => mentions(DANA, 'could not reach Sam on Slack').length > 0);
      await world.settled();
      const told = mentions(DANA, 'could not reach Sam on Slack');
      expect(told).toHaveLength(1);
      expect(told[0]!.text).toContain('not in the Slack workspace');
      const failures = (await world.store.transaction((tx) => tx.timeline(1))).filter(
        (e) => e.type === 'delivery.failed',
      );
      expect(failures).toHaveLength(1);
    }, 60_000);
  });
}
