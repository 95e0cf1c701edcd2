// Socket Mode (SLACK_APP_TOKEN): the same commands and events arrive over a WebSocket that
// the app opens itself (apps.connections.open on the fake), and are acknowledged on it.

import { afterEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { createHarness } from '../../support/app-harness.ts';
import { testWorld } from '../../support/world.ts';
import { MemoryLogger, SIGNING_SECRET } from './slack-world.ts';

let fake: FakeSlack;
let adapter: SlackAdapter;
afterEach(async () => {
  await adapter?.stop();
  await fake?.stop();
});

it('runs /incident and events over Socket Mode, with no HTTP listener', async () => {
  fake = new FakeSlack();
  await fake.start();
  adapter = createSlackAdapter(
    { botToken: fake.token, signingSecret: SIGNING_SECRET, appToken: fake.appToken, apiUrl: fake.apiUrl },
    { logger: new MemoryLogger() },
  );
  const harness = await createHarness(createMemoryStore(), testWorld());
  harness.deps.notifier = adapter.notifier;
  adapter.attach(harness.app);
  await adapter.start();
  expect(adapter.requestListener).toBeUndefined();
  expect(fake.socketConnected).toBe(true);
  expect(fake.callsTo('apps.connections.open')[0]?.token).toBe(fake.appToken);

  const ack = await fake.deliver('slash_commands', {
    token: 'legacy',
    team_id: fake.bot.teamId,
    channel_id: 'C0GENERAL',
    user_id: 'U0MARIA',
    command: '/incident',
    text: 'open wanderlust-web The booking site is down',
    api_app_id: 'A0HANDOFF',
    response_url: fake.responseUrl('socket-1'),
    trigger_id: 'socket.trigger.1',
  });
  expect(ack).toEqual({});
  await adapter.idle();
  expect(String(fake.responses.at(-1)?.body.text)).toContain('Opened INC-1');
  const room = fake.channelByName('inc-1-wanderlust-web')!.id;

  await fake.deliver('events_api', {
    type: 'event_callback',
    team_id: fake.bot.teamId,
    api_app_id: 'A0HANDOFF',
    event_id: 'Ev0SOCKET1',
    event: {
      type: 'app_mention',
      channel: room,
      user: 'U0DANA',
      text: '<@UHANDOFF>',
      ts: '1700003000.000001',
    },
  });
  await adapter.idle();
  expect(fake.messages.at(-1)).toMatchObject({ channel: room, user: 'U0DANA' });
});
