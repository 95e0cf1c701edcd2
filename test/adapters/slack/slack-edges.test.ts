// What must never go wrong on Slack: forged or stale requests, retried deliveries, the
// wrong person on a button, strangers, and Slack itself failing or rate limiting.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT, ACTION_DECLINE } from '../../../adapters/slack/slack-payloads.ts';
import { testWorld } from '../../support/world.ts';
import {
  createSlackWorld,
  FORM,
  pressButton,
  say,
  send,
  sendEvent,
  slash,
  slashCommandBody,
  SIGNING_SECRET,
  sign,
  type SlackWorld,
} from './slack-world.ts';

const DANA = 'U0DANA';
const SAM = 'U0SAM';
const MARIA = 'U0MARIA';

let world: SlackWorld;
beforeEach(async () => {
  world = await createSlackWorld(testWorld());
});
afterEach(async () => {
  await world.close();
});

const lastResponse = () => String(world.fake.responses.at(-1)?.body.text ?? '');
const incidents = () => world.store.transaction((tx) => tx.listIncidents({}));
const timelineTypes = async () => (await world.store.transaction((tx) => tx.timeline(1))).map((e) => e.type);

async function openIncident(): Promise<string> {
  await slash(world, MARIA, 'open wanderlust-web The booking site is down');
  return world.fake.channelByName('inc-1-wanderlust-web')!.id;
}

describe('request verification (Bolt, with our signing secret)', () => {
  it('a bad signature gets 401 and changes nothing', async () => {
    const body = slashCommandBody(world, MARIA, 'open wanderlust-web The site is down');
    const now = Math.floor(Date.now() / 1000);
    const forged = await send(world, body, FORM, {
      signature: sign(body, now, 'not-the-secret'),
      timestamp: now,
    });
    expect(forged.status).toBe(401);
    expect(await incidents()).toEqual([]);
    expect(world.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(world.fake.responses).toEqual([]);
  });

  it('a stale timestamp (10 minutes old) gets 401, even with a valid signature for it', async () => {
    const body = slashCommandBody(world, MARIA, 'open wanderlust-web The site is down');
    const stale = Math.floor(Date.now() / 1000) - 600;
    const replayed = await send(world, body, FORM, { timestamp: stale, signature: sign(body, stale) });
    expect(replayed.status).toBe(401);
    expect(await incidents()).toEqual([]);
  });

  it('a timestamp 10 minutes in the future gets 401 too (Bolt alone would accept it)', async () => {
    const body = slashCommandBody(world, MARIA, 'open wanderlust-web The site is down');
    const future = Math.floor(Date.now() / 1000) + 600;
    const early = await send(world, body, FORM, { timestamp: future, signature: sign(body, future) });
    expect(early.status).toBe(401);
    expect(await incidents()).toEqual([]);
    const nearFuture = Math.floor(Date.now() / 1000) + 60;
    const skewed = await send(world, slashCommandBody(world, MARIA, 'help'), FORM, { timestamp: nearFuture });
    expect(skewed.status).toBe(200);
  });

  it('the body is signed byte for byte: a changed byte fails', async () => {
    const body = slashCommandBody(world, MARIA, 'status');
    const now = Math.floor(Date.now() / 1000);
    const tampered = await send(world, body.replace('status', 'statuS'), FORM, {
      timestamp: now,
      signature: sign(body, now),
    });
    expect(tampered.status).toBe(401);
  });

  it('other paths are not ours', async () => {
    const response = await fetch(`${world.url}/elsewhere`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});

describe('idempotency', () => {
  it('a retried event (X-Slack-Retry-Num, same event_id) is processed once', async () => {
    const room = await openIncident();
    await slash(world, DANA, 'step add Find the cause', room);
    const before = world.fake.callsTo('chat.postMessage').length;
    const first = await say(world, DANA, room, "that's a server issue, ask the vendor", {
      eventId: 'Ev0RETRY1',
    });
    const retry = await say(world, DANA, room, "that's a server issue, ask the vendor", {
      eventId: 'Ev0RETRY1',
      retryNum: 1,
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const posted = world.fake.callsTo('chat.postMessage').slice(before);
    expect(posted.filter((c) => String(c.args.text).includes('is still yours'))).toHaveLength(1);
    expect((await timelineTypes()).filter((t) => t === 'blame.flagged')).toHaveLength(1);
  });

  it("the bot's own messages are never judged", async () => {
    const room = await openIncident();
    await slash(world, DANA, 'step add Find the cause', room);
    await sendEvent(world, {
      type: 'message',
      channel: room,
      user: world.fake.bot.userId,
      bot_id: world.fake.bot.botId,
      text: "that's a server issue, ask the vendor",
      ts: '1700009999.000100',
    });
    expect(await timelineTypes()).not.toContain('blame.flagged');
  });
});

describe('buttons', () => {
  async function proposeToSam(room: string) {
    await slash(world, DANA, 'step add Find the cause', room);
    await slash(world, DANA, `handoff 1 <@${SAM}> Disk full on the server; I cleared /tmp.`, room);
    return world.fake.messages.find(
      (m) => m.channel === room && m.text.startsWith(`<@${SAM}>`) && m.text.includes('wants to hand you'),
    )!;
  }

  it('Accept pressed by the wrong person: told whose it is, nothing changes', async () => {
    const room = await openIncident();
    const request = await proposeToSam(room);
    await pressButton(world, MARIA, request, ACTION_ACCEPT);
    expect(world.fake.messages.at(-1)).toMatchObject({ user: MARIA, channel: room });
    expect(world.fake.messages.at(-1)?.text).toContain(
      'Handoff H1 is for Sam. Only Sam can accept or decline it.',
    );
    expect(await timelineTypes()).not.toContain('handoff.accepted');
    expect(world.fake.callsTo('chat.update').filter((c) => c.args.ts === request.ts)).toEqual([]);
  });

  it('Decline pressed by the wrong person: no modal, told whose it is', async () => {
    const room = await openIncident();
    const request = await proposeToSam(room);
    await pressButton(world, DANA, request, ACTION_DECLINE);
    expect(world.fake.callsTo('views.open')).toEqual([]);
    expect(world.fake.messages.at(-1)?.text).toContain('Handoff H1 is for Sam.');
  });

  it('pressing Accept twice accepts once and says so', async () => {
    const room = await openIncident();
    // A second click from a client that has not seen the update yet.
    const stale = structuredClone(await proposeToSam(room));
    await pressButton(world, SAM, stale, ACTION_ACCEPT);
    await pressButton(world, SAM, stale, ACTION_ACCEPT);
    expect((await timelineTypes()).filter((t) => t === 'handoff.accepted')).toHaveLength(1);
    expect(world.fake.messages.at(-1)?.text).toContain('Handoff H1 was already accepted.');
  });
});

describe('people', () => {
  it('an unknown Slack user is told how to get added, and nothing else happens', async () => {
    await slash(world, 'U09NOBODY', 'open wanderlust-web The site is down');
    expect(lastResponse()).toContain(
      "I don't know you yet: Slack user U09NOBODY is not in Handoff's directory.",
    );
    expect(await incidents()).toEqual([]);
    expect(world.fake.callsTo('conversations.create')).toEqual([]);
  });

  it('people without a Slack handle are listed as not on Slack', async () => {
    await openIncident();
    expect(lastResponse()).toContain('Not on Slack: Kevin (client).');
    const pinned = world.fake.messages.find((m) => m.ts === world.fake.pins[0]?.ts);
    expect(pinned?.text).toContain('Not on Slack: Kevin (client)');
  });

  it("Slack's escaping is undone before parsing and redone when posting", async () => {
    const room = await openIncident();
    await slash(world, DANA, 'update Back up &amp; running, no more &lt;502&gt; errors', room);
    const timeline = await world.store.transaction((tx) => tx.timeline(1));
    expect(timeline.find((e) => e.type === 'update.posted')?.payload).toMatchObject({
      text: 'Back up & running, no more <502> errors',
    });
    const toMaria = world.fake.messages.find((m) => m.text.startsWith(`<@${MARIA}> Maria, an update`));
    expect(toMaria?.text).toContain('Back up &amp; running, no more &lt;502&gt; errors');
  });

  it('@Handoff answers with status and help, to the mentioner only', async () => {
    const room = await openIncident();
    await sendEvent(world, {
      type: 'app_mention',
      channel: room,
      user: DANA,
      text: `<@${world.fake.bot.userId}> help`,
      ts: '1700002000.000001',
    });
    const answer = world.fake.messages.at(-1);
    expect(answer).toMatchObject({ channel: room, user: DANA });
    expect(answer?.text).toContain('INC-1');
    expect(answer?.text).toContain('Handoff commands.');
  });
});

describe('Slack failing during channel creation', () => {
  it('a transient error is retried and the channel is created', async () => {
    world.fake.failNext('conversations.create', { error: 'internal_error' });
    const room = await openIncident();
    expect(room).toBeDefined();
    expect(world.fake.callsTo('conversations.create')).toHaveLength(2);
    expect(lastResponse()).toContain(`The incident's channel is <#${room}>.`);
  });

  it('a rate limit is waited out (Retry-After) and retried', async () => {
    world.fake.failNext('conversations.create', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const room = await openIncident();
    expect(room).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(world.fake.callsTo('conversations.create')).toHaveLength(2);
  });

  // At open, each greeting (Dana, Sam, and Kevin's note in the room) needs the channel first,
  // then the opener's reply: four attempts, each made once.
  const ATTEMPTS_AT_OPEN = 4;

  it('an error that persists is reported; the incident stays open and the next command retries', async () => {
    world.fake.failNext('conversations.create', ...Array(ATTEMPTS_AT_OPEN).fill({ error: 'internal_error' }));
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    expect(lastResponse()).toContain('Opened INC-1');
    expect(lastResponse()).toContain(
      `I couldn't create the Slack channel for INC-1: Slack said "internal_error". INC-1 is open all the same`,
    );
    expect(await incidents()).toHaveLength(1);
    await slash(world, MARIA, 'status');
    expect(world.fake.channelByName('inc-1-wanderlust-web')).toBeDefined();
  });

  it('a refusal is not retried, and is reported in plain words; greetings go by DM meanwhile', async () => {
    world.fake.failNext(
      'conversations.create',
      ...Array(ATTEMPTS_AT_OPEN).fill({ error: 'restricted_action' }),
    );
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    // Had any attempt tried again, the refusals would have run out and a channel would exist.
    expect(world.fake.callsTo('conversations.create')).toHaveLength(ATTEMPTS_AT_OPEN);
    expect(world.fake.channelByName('inc-1-wanderlust-web')).toBeUndefined();
    expect(lastResponse()).toContain('Slack said "restricted_action"');
    expect(world.fake.messages.find((m) => m.channel === `D${DANA}`)?.text).toContain('Hi Dana');
  });
});

describe('logs', () => {
  it('never contain the token or the signing secret', async () => {
    const room = await openIncident();
    await send(world, slashCommandBody(world, DANA, 'status', room), FORM, { signature: 'v0=bad' });
    const logs = world.logger.text();
    expect(logs).not.toContain(world.fake.token);
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
