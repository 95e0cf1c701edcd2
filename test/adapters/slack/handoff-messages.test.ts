// A handoff request's buttons give way to the outcome however the handoff ends: by slash
// command, by expiry when the incident is resolved, or by a button. Each message is updated once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT } from '../../../adapters/slack/slack-payloads.ts';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, pressButton, slash, type SlackWorld } from './slack-world.ts';

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

async function proposeToSam() {
  await slash(world, MARIA, 'open wanderlust-web The booking site is down');
  const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
  await slash(world, DANA, 'step add Find the cause', room);
  await slash(world, DANA, `handoff 1 <@${SAM}> Disk full on the server; I cleared /tmp.`, room);
  const request = world.fake.messages.find(
    (m) => m.channel === room && m.text.startsWith(`<@${SAM}>`) && m.text.includes('wants to hand you'),
  )!;
  expect(JSON.stringify(request.blocks)).toContain(ACTION_ACCEPT);
  return { room, request };
}

const updatesOf = (ts: string) => world.fake.callsTo('chat.update').filter((c) => c.args.ts === ts);
const hasActions = (blocks: unknown) => (blocks as Array<{ type: string }>).some((b) => b.type === 'actions');

describe('handoff request messages', () => {
  it('accepted by slash command: the request shows the outcome, without buttons, updated once', async () => {
    const { room, request } = await proposeToSam();
    await slash(world, SAM, 'accept H1', room);
    expect(request.text).toContain('Accepted by Sam.');
    expect(hasActions(request.blocks)).toBe(false);
    await slash(world, DANA, 'status', room);
    expect(updatesOf(request.ts)).toHaveLength(1);
  });

  it('declined by slash command: the reason is shown in place of the buttons', async () => {
    const { room, request } = await proposeToSam();
    await slash(world, SAM, 'decline H1 Not our server; the disk is the app logs', room);
    expect(request.text).toContain('Declined by Sam: "Not our server; the disk is the app logs"');
    expect(hasActions(request.blocks)).toBe(false);
  });

  it('expired when the incident is resolved: closed, without buttons', async () => {
    const { room, request } = await proposeToSam();
    await slash(world, DANA, 'resolve The site is back on its own.', room);
    expect(request.text).toContain('H1 is closed: INC-1 was resolved.');
    expect(hasActions(request.blocks)).toBe(false);
    expect(updatesOf(request.ts)).toHaveLength(1);
  });

  it('accepted by button: still one update, with the outcome', async () => {
    const { request } = await proposeToSam();
    await pressButton(world, SAM, structuredClone(request), ACTION_ACCEPT);
    expect(request.text).toContain('Accepted by Sam.');
    expect(hasActions(request.blocks)).toBe(false);
    expect(updatesOf(request.ts)).toHaveLength(1);
  });

  it("accepted by button: the presser's answer comes at the press's response_url, beside the request", async () => {
    const { room, request } = await proposeToSam();
    const ephemeralsBefore = world.fake.callsTo('chat.postEphemeral').length;
    await pressButton(world, SAM, structuredClone(request), ACTION_ACCEPT);
    const answer = world.fake.responses.at(-1)!.body;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.text).toMatch(/^You accepted H1/);
    expect(world.fake.callsTo('chat.postEphemeral')).toHaveLength(ephemeralsBefore);
    // Sam alone sees it; the request is still in the room, now with its outcome.
    const told = world.fake.messages.filter((m) => m.user === SAM).at(-1);
    expect(told?.text).toBe(answer.text);
    expect(told?.channel).toBe(room);
    expect(world.fake.messages.find((m) => m.ts === request.ts)?.text).toContain('Accepted by Sam.');
  });

  it('accepted by button while the response_url fails: the answer comes as an ephemeral instead', async () => {
    const { room, request } = await proposeToSam();
    world.fake.failResponses = 1;
    await pressButton(world, SAM, structuredClone(request), ACTION_ACCEPT);
    const posted = world.fake.callsTo('chat.postEphemeral').at(-1)?.args;
    expect(posted).toMatchObject({ channel: room, user: SAM });
    expect(String(posted?.text)).toMatch(/^You accepted H1/);
    expect(world.fake.responses.filter((r) => String(r.body.text).startsWith('You accepted'))).toEqual([]);
  });

  // The request's outbox row can be delivered after the answer's status refresh: a process
  // killed before posting it leaves the row to the next process, which may take the answer
  // first (seen in the crash-restart story). The late request must not keep its buttons.
  it('a request posted after its handoff was answered shows the outcome, without buttons', async () => {
    const { room, request } = await proposeToSam();
    const asked = request.text.replace(`<@${SAM}> `, '');
    await slash(world, SAM, 'accept H1', room);
    const before = world.fake.messages.length;
    await world.adapter.notifier.notify([
      {
        personId: 'sam',
        personName: 'Sam',
        incidentNumber: 1,
        text: asked,
        handoff: { incidentNumber: 1, number: 1 },
      },
    ]);
    const late = world.fake.messages.slice(before).find((m) => m.text.includes('wants to hand you'))!;
    expect(late).toBeDefined();
    expect(late.text).toContain('Accepted by Sam.');
    expect(hasActions(late.blocks)).toBe(false);
  });
});
