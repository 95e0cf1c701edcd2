// Issue 11 item 6 through the real Bolt against the fake Slack: when a change is saved but
// its answer cannot be shown, the person is told it was applied (never "try again", which
// would do it twice); a read-only command that fails says it could not read; and every
// such failure is one log line with its cause.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_ACCEPT } from '../../../adapters/slack/slack-payloads.ts';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, pressButton, say, slash, type SlackWorld } from './slack-world.ts';

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

async function openIncident(): Promise<string> {
  await slash(world, MARIA, 'open wanderlust-web The booking site is down');
  return world.fake.channelByName('inc-1-wanderlust-web')!.id;
}

const lastResponse = () => String(world.fake.responses.at(-1)?.body.text ?? '');
const problems = () => world.logger.lines.filter((l) => l.level !== 'info');
const steps = async () => (await world.store.transaction((tx) => tx.loadIncident(1)))?.steps ?? [];

describe('Slack: honest failure messages', () => {
  it('a change whose answer could not be shown says it was applied, and is saved once', async () => {
    const room = await openIncident();
    world.logger.lines.length = 0;
    world.fake.failResponses = 1;
    await slash(world, DANA, 'step add Find the cause', room);
    expect(lastResponse()).toContain('Your change to INC-1 was applied');
    expect(lastResponse()).toContain('/incident status 1');
    expect(lastResponse()).not.toContain('not saved');
    expect((await steps()).map((s) => s.title)).toEqual(['Find the cause']);
    expect(problems()).toHaveLength(1);
    expect(world.logger.text()).toContain('500 Internal Server Error');
  });

  it('a read-only command that fails before the core says it could not read, logged once with the cause', async () => {
    await openIncident();
    world.logger.lines.length = 0;
    // The database is away: finding the channel's incident fails before the core runs.
    await world.store.close();
    await slash(world, DANA, 'INC-1 status');
    expect(lastResponse()).toBe('I could not read INC-1 right now; try again.');
    expect(problems()).toHaveLength(1);
    expect(world.logger.text()).toContain('The store is closed.');
  });

  it('an accepted handoff whose answer could not be shown says it was applied', async () => {
    const room = await openIncident();
    await slash(world, DANA, 'step add Find the cause', room);
    await slash(world, DANA, `handoff 1 <@${SAM}> Disk full on the server.`, room);
    // The request is the message to Sam with buttons (his greeting in the channel has none).
    const request = world.fake.messages.find(
      (m) =>
        m.channel === room &&
        m.text.startsWith(`<@${SAM}>`) &&
        (m.blocks as Array<{ type: string }> | undefined)?.some((b) => b.type === 'actions'),
    )!;
    world.logger.lines.length = 0;
    // The answer cannot be shown either way: its response_url fails, then the ephemeral instead.
    world.fake.failResponses = 1;
    world.fake.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await pressButton(world, SAM, structuredClone(request), ACTION_ACCEPT);
    const told = world.fake.messages.filter((m) => m.user === SAM).at(-1);
    expect(told?.text).toContain('Your change to INC-1 was applied');
    expect((await steps())[0]?.ownerId).toBe('sam');
    // Each failure logged once: the response_url's (the ephemeral was tried next), then the press's.
    expect(problems().map((l) => l.level)).toEqual(['warn', 'error']);
    expect(world.logger.text()).toContain('response_url refused');
    expect(world.logger.text()).toContain('user_not_in_channel');
  });

  it('a room message that fails (the blame guard cannot read) is logged once with its cause', async () => {
    const room = await openIncident();
    world.logger.lines.length = 0;
    await world.store.close();
    await say(world, DANA, room, 'Not my problem, ask the vendor.');
    expect(problems()).toHaveLength(1);
    expect(world.logger.text()).toContain('The store is closed.');
  });
});
