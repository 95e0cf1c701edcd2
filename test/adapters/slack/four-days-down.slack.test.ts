// The "four days down" story (design §1.1, test/e2e/stories/four-days-down.txt) told from
// Slack: signed slash commands, buttons, a modal and message events through the real Bolt
// receiver, against the fake Slack Web API.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT, ACTION_DECLINE } from '../../../adapters/slack/slack-payloads.ts';
import { loadDirectoryFile } from '../../../src/directory/directory-file.ts';
import { EXAMPLE_DIRECTORY } from '../../../src/config.ts';
import { createSlackWorld, pressButton, say, slash, submitModal, type SlackWorld } from './slack-world.ts';

const DANA = 'U01DANA';
const SAM = 'U02SAM';
const MARIA = 'U04MARIA';
const KEVIN = 'U04KEVIN';

describe('four days down, from Slack', () => {
  let world: SlackWorld;
  let room: string;

  beforeAll(async () => {
    world = await createSlackWorld(await loadDirectoryFile(path.resolve(EXAMPLE_DIRECTORY)));
  });
  afterAll(async () => {
    await world?.close();
  });

  const lastResponse = () => String(world.fake.responses.at(-1)?.body.text ?? '');
  const roomMessages = () => world.fake.messages.filter((m) => m.channel === room && !m.user);
  const handoffRequest = (h: number) =>
    roomMessages().find((m) => m.text.includes(`<@${SAM}>`) && m.text.includes(`accept H${h}`))!;
  const minutes = (n: number) => world.clock.advance(n * 60_000);

  it('the client reports: a channel is created, everyone invited, the status pinned', async () => {
    const sent = await slash(
      world,
      MARIA,
      'open wanderlust-web sev1 The booking site shows a 502 error since this morning',
    );
    expect(sent.status).toBe(200);
    expect(lastResponse()).toContain('Opened INC-1 for Wanderlust Travel website (sev1)');
    // Maria is the client: the fallback is hers, the provider's runbook is not.
    expect(lastResponse()).toMatch(/Fallback: /);
    expect(lastResponse()).not.toMatch(/Runbook/);
    expect(world.fake.responses.at(-1)?.body.response_type).toBe('ephemeral');
    const channel = world.fake.channelByName('inc-1-wanderlust-web');
    expect(channel).toBeDefined();
    room = channel!.id;
    expect(lastResponse()).toContain(`The incident's channel is <#${room}>.`);
    expect([...channel!.members].sort()).toEqual([
      'U01DANA',
      'U02SAM',
      'U03JONAS',
      'U04KEVIN',
      'U04MARIA',
      'UHANDOFF',
    ]);
    expect(await world.app.incidentForRoom('slack', room)).toBe(1);
    // Each person greeted by their own name in the channel, once it exists and they are in it.
    const calls = world.fake.calls.map((c) => c.method);
    expect(calls.indexOf('conversations.invite')).toBeGreaterThan(calls.indexOf('conversations.create'));
    for (const [id, name] of [
      [DANA, 'Dana'],
      [SAM, 'Sam'],
      ['U03JONAS', 'Jonas'],
      [KEVIN, 'Kevin'],
    ]) {
      const greeting = world.fake.messages.find((m) => m.text.startsWith(`<@${id}> Hi ${name},`));
      expect(greeting?.text).toContain(`<@${id}> Hi ${name}, Maria reported an outage: INC-1`);
      expect(greeting?.channel).toBe(room);
    }
    expect(world.fake.callsTo('conversations.open')).toEqual([]);
    expect(world.fake.messages.some((m) => m.text.startsWith(`<@${MARIA}> Hi`))).toBe(false);
    const [pin] = world.fake.pins;
    expect(pin?.channel).toBe(room);
    expect(world.fake.messages.find((m) => m.ts === pin!.ts)?.text).toContain(
      'INC-1 · Wanderlust Travel website (sev1) · open',
    );
  });

  it('a second report joins the open incident', async () => {
    minutes(5);
    await slash(world, KEVIN, 'open wanderlust-web Customers call us: the website is down');
    expect(lastResponse()).toContain('already has an open incident: INC-1');
    expect(world.fake.callsTo('conversations.create')).toHaveLength(1);
  });

  it('IT adds a step and hands it to the vendor with Accept and Decline buttons', async () => {
    await slash(world, DANA, 'step add Find out why the site returns 502', room);
    expect(lastResponse()).toContain('Added step 1 to INC-1');
    await slash(
      world,
      DANA,
      `handoff 1 <@${SAM}> Nginx gets 502 from PHP-FPM. I restarted PHP-FPM: no change. /var is 100% full on the managed server.`,
      room,
    );
    expect(lastResponse()).toContain('Offered step 1 to Sam (H1)');
    const request = handoffRequest(1);
    expect(request.text).toContain(`<@${SAM}> Sam, Dana wants to hand you step 1 of INC-1`);
    const buttons = (request.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>).find(
      (b) => b.type === 'actions',
    );
    expect(buttons?.elements?.map((e) => e.action_id)).toEqual([ACTION_ACCEPT, ACTION_DECLINE]);
  });

  it('the vendor declines through the modal, which insists on a reason', async () => {
    minutes(20);
    await pressButton(world, SAM, handoffRequest(1), ACTION_DECLINE);
    expect(world.fake.callsTo('views.open')).toHaveLength(1);
    const empty = await submitModal(world, SAM, '   ');
    expect(JSON.parse(empty.text)).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.any(String) },
    });
    await submitModal(
      world,
      SAM,
      "The server itself is healthy. /var fills with the application's debug logs, so this is on the application side.",
    );
    const dana = roomMessages().find((m) => m.text.includes(`<@${DANA}> Dana, Sam declined H1`));
    expect(dana?.text).toContain('Step 1 stays with Dana.');
    expect(handoffRequest(1).text).toContain('Declined by Sam: "The server itself is healthy.');
    expect(JSON.stringify(handoffRequest(1).blocks)).not.toContain(ACTION_ACCEPT);
  });

  it('the blame guard answers a deflection said in the channel', async () => {
    await say(world, DANA, room, "Honestly, that's a server issue. Ask the vendor.");
    expect(roomMessages().at(-1)?.text).toContain(
      'Dana, step 1 ("Find out why the site returns 502") is still yours.',
    );
  });

  it('a second handoff: the wrong person cannot accept it, the vendor does', async () => {
    await slash(
      world,
      DANA,
      `handoff 1 <@${SAM}> I turned debug logging off and deleted 40 GB of logs. /var still grows 1 GB a minute, in /var/lib/mysql: binlogs of the managed MySQL you run.`,
      room,
    );
    minutes(10);
    await pressButton(world, KEVIN, handoffRequest(2), ACTION_ACCEPT);
    const refusal = world.fake.messages.at(-1)!;
    expect(refusal).toMatchObject({ channel: room, user: KEVIN });
    expect(refusal.text).toContain('Handoff H2 is for Sam. Only Sam can accept or decline it.');
    await pressButton(world, SAM, handoffRequest(2), ACTION_ACCEPT);
    expect(world.fake.messages.some((m) => m.user === SAM && m.text.includes('You accepted H2'))).toBe(true);
    expect(handoffRequest(2).text).toContain('Accepted by Sam.');
    await slash(world, SAM, 'status', room);
    expect(lastResponse()).toMatch(/Step 1: Find out why the site returns 502: Sam has it \(for 0 s\)/);
  });

  it('the step is done, the client is updated, the incident resolved and summarised', async () => {
    minutes(120);
    await slash(world, SAM, 'step done 1', room);
    await slash(
      world,
      DANA,
      'update The booking site is back. CloudNest fixed the database log retention; we keep watching.',
      room,
    );
    for (const [id, name] of [
      [MARIA, 'Maria'],
      [KEVIN, 'Kevin'],
    ]) {
      expect(
        roomMessages().some((m) => m.text.startsWith(`<@${id}> ${name}, an update on INC-1 from Dana`)),
      ).toBe(true);
    }
    await slash(
      world,
      DANA,
      'resolve Binlog retention fixed by CloudNest; debug logging off in the app.',
      room,
    );
    await slash(world, DANA, 'summary', room);
    expect(lastResponse()).toMatch(/1\. Find out why the site returns 502: Dana 30 min → Sam 2 h \(done\)/);
    expect(lastResponse()).toMatch(/H1 step 1, Dana → Sam: declined after 20 min/);
    expect(lastResponse()).toMatch(/H2 step 1, Dana → Sam: accepted after 10 min/);
    const pinned = world.fake.messages.find((m) => m.ts === world.fake.pins[0]!.ts);
    expect(pinned?.text).toContain('INC-1 · Wanderlust Travel website (sev1) · resolved');
    expect(world.fake.pins).toHaveLength(1);
  });

  it('the timeline holds the story, with the room linked once', async () => {
    const timeline = await world.store.transaction((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.type)).toEqual([
      'incident.opened',
      ...Array(5).fill('participant.joined'),
      'room.linked',
      'incident.report_joined',
      'step.added',
      'handoff.proposed',
      'handoff.declined',
      'blame.flagged',
      'handoff.proposed',
      'handoff.accepted',
      'step.done',
      'update.posted',
      'incident.resolved',
    ]);
    expect(timeline.find((e) => e.type === 'handoff.declined')?.actorId).toBe('sam');
    expect(world.logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});
