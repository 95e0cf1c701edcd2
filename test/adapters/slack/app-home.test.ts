// Slack's App Home tab shows what is waiting on the person who opens it (issue 15, item 3),
// driven through the real adapter and Bolt against the fake Slack.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, sendEvent, slash, type SlackWorld } from './slack-world.ts';

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

const openHome = (user: string, tab = 'home') =>
  sendEvent(world, {
    type: 'app_home_opened',
    user,
    channel: `D${user}`,
    tab,
    event_ts: '1700002000.000100',
  });

function homeText(user: string): string {
  const view = world.fake.homes.get(user) as { type: string; blocks: Array<{ text?: { text: string } }> };
  expect(view?.type).toBe('home');
  return view.blocks.map((b) => b.text?.text ?? '').join('\n');
}

describe('Slack App Home: what is waiting on me', () => {
  it('publishes the handoffs waiting on the person and their steps when they open Home', async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
    await slash(world, DANA, `step add Check the web server <@${SAM}>`, room);
    world.clock.advance(7 * 60_000);
    const reply = await openHome(SAM);
    expect(reply.status).toBe(200);
    const [call] = world.fake.callsTo('views.publish');
    expect(call?.args.user_id).toBe(SAM);
    const text = homeText(SAM);
    expect(text).toContain('What is waiting on you');
    expect(text).toContain('Sam, here is what is waiting on you:');
    expect(text).toContain(
      'INC-1 H1: step 1 “Check the web server”, offered by Dana 7 min ago; Dana is waiting for your answer.',
    );
    expect(homeText(SAM)).not.toContain('<@');
  });

  it('says plainly when nothing is waiting, and tells a stranger how to be added', async () => {
    await openHome(MARIA);
    expect(homeText(MARIA)).toContain('Nothing is waiting on you, Maria');
    await openHome('U0NOBODY');
    expect(homeText('U0NOBODY')).toContain('Ask your IT provider to add "slack: U0NOBODY"');
  });

  it('draws nothing when the Messages tab is opened', async () => {
    await openHome(SAM, 'messages');
    expect(world.fake.callsTo('views.publish')).toEqual([]);
  });

  it('answers /incident mine in a channel with an ephemeral reply', async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    await slash(world, DANA, 'step add Find the cause');
    await slash(world, DANA, 'mine');
    const responses = world.fake.responses.map((r) => r.body);
    const mine = responses.find((b) => String(b.text).includes('here is what is waiting on you'));
    expect(mine?.response_type).toBe('ephemeral');
    expect(String(mine?.text)).toContain('Find the cause');
  });
});
