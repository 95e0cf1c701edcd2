// Issue 13, noticed: the Slack Web API calls had no timeout. A Slack that accepts a call
// and never answers held the command (or the delivery) behind it for good, and the
// adapter never became idle, so a graceful stop waited on it too. Now each call gives up
// after a timeout and is tried again like any other network failure.

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLACK_TIMEOUT_MS } from '../../../adapters/slack/slack-adapter.ts';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, slash, type SlackWorld } from './slack-world.ts';

let world: SlackWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('Slack Web API calls', () => {
  it('have a timeout by default, long enough for a slow Slack, short enough to free a stalled command', () => {
    expect(DEFAULT_SLACK_TIMEOUT_MS).toBeGreaterThanOrEqual(5_000);
    expect(DEFAULT_SLACK_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it('give up on a call Slack never answers, and try it again', { timeout: 20_000 }, async () => {
    world = await createSlackWorld(testWorld(), undefined, { timeoutMs: 300 });
    // The first message post is received and never answered (nor acted on).
    let swallowed = 0;
    world.fake.intercept = (call) =>
      call.method === 'chat.postMessage' && swallowed++ === 0 ? 'ignore' : undefined;
    await slash(world, 'U0MARIA', 'open wanderlust-web The booking site is down');
    const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
    const posts = world.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === room);
    // The unanswered post, then the same post again: the status message is in the room.
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts[0]!.args.text).toBe(posts[1]!.args.text);
    expect(world.fake.messages.some((m) => m.channel === room && m.text === posts[1]!.args.text)).toBe(true);
  });
});
