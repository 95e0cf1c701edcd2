// Without the ack thread (SLACK_ACK_THREAD=off) the adapter serves Slack's requests on the
// main thread, and Bolt runs each one after its ack: a burst beyond what the bot can run
// would pile up there without end. Past its limit of requests in flight it answers "busy",
// as the ack thread does (busy-gate.ts; the thread's own test is in slack-front.test.ts).

import { afterEach, beforeEach, expect, it } from 'vitest';
import { BUSY } from '../../../adapters/slack/busy-gate.ts';
import { testWorld } from '../../support/world.ts';
import {
  createSlackWorld,
  FORM,
  postSigned,
  send,
  slashCommandBody,
  type SlackWorld,
} from './slack-world.ts';

const DANA = 'U0DANA';
const MARIA = 'U0MARIA';

let world: SlackWorld;
beforeEach(async () => {
  world = await createSlackWorld(testWorld(), undefined, { maxOutstanding: 2 });
});
afterEach(async () => {
  await world.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('past its limit of requests in flight, says the bot is busy and runs nothing more', async () => {
  // Two incidents being opened, each waiting for Slack to create its channel (held for 1.5 s).
  world.fake.holdNext('conversations.create', 3, { atMostMs: 1_500 });
  const opening = await Promise.all([
    postSigned(world.url, slashCommandBody(world, MARIA, 'open wanderlust-web The site is down'), FORM),
    postSigned(world.url, slashCommandBody(world, DANA, 'open acme-shop The shop is down'), FORM),
  ]);
  expect(opening.map((r) => r.status)).toEqual([200, 200]);
  while (world.fake.callsTo('conversations.create').length < 2) await sleep(5);

  // The person who typed the command reads why nothing happened; Slack sends an event again.
  const refused = await postSigned(world.url, slashCommandBody(world, DANA, 'help'), FORM);
  expect(refused.status).toBe(200);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(await refused.json()).toEqual({ response_type: 'ephemeral', text: BUSY });
  const event = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: world.fake.bot.teamId,
    api_app_id: 'A0HANDOFF',
    type: 'event_callback',
    event_id: 'Ev00BUSY',
    event: { type: 'app_home_opened', user: DANA, tab: 'home' },
  });
  const refusedEvent = await postSigned(world.url, event, 'application/json');
  expect([refusedEvent.status, refusedEvent.headers.get('retry-after')]).toEqual([503, '5']);
  expect(world.logger.lines).toContainEqual(
    expect.objectContaining({ level: 'warn', message: 'slack requests refused: the bot is busy' }),
  );

  // Once the two are handled, requests are run again, and the episode's end is logged.
  await world.idle();
  expect(world.fake.allTexts().join('\n')).toContain('INC-2');
  const answersBefore = world.fake.responses.length;
  const again = await send(world, slashCommandBody(world, DANA, 'help'), FORM);
  expect(again.status).toBe(200);
  expect(world.fake.responses.length).toBe(answersBefore + 1);
  expect(world.logger.lines).toContainEqual(
    expect.objectContaining({ level: 'info', message: 'slack requests taken again', fields: { refused: 2 } }),
  );
});
