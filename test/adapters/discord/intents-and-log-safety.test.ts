// Two ways a real deployment goes wrong that tests must show: the Message Content intent
// asked for but not enabled in the Developer Portal (Discord closes the gateway with 4014),
// and Discord refusing an interaction callback or webhook edit, whose error carries the
// interaction token in its URL. The bot keeps working, and no token reaches the logs.

import { afterEach, describe, expect, it } from 'vitest';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { MESSAGE_CONTENT_REFUSED } from '../../../adapters/discord/discord-adapter.ts';
import { safeError, scrubTokens } from '../../../adapters/discord/log-safe-error.ts';
import { answerText, waitFor } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const MESSAGE_CONTENT = 1 << 15;

describe('Message Content intent refused by Discord (close 4014)', () => {
  it('logs in again without it, says how to fix it, and commands still work', async () => {
    const w = (world = await startDiscordWorld({ messageContent: true, messageContentAllowed: false }));
    const intents = w.fake.gateway
      .ops(GatewayOpcodes.Identify)
      .map((o) => (o.d as { intents: number }).intents);
    expect(intents).toEqual([1 | 512 | MESSAGE_CONTENT, 1]);
    const warning = w.logs.find((l) => l.level === 'warn' && l.message === MESSAGE_CONTENT_REFUSED);
    expect(warning?.message).toContain(
      'Message Content intent is not enabled for this bot in the Developer Portal',
    );
    expect(warning?.message).toContain('DISCORD_MESSAGE_CONTENT=false');
    expect(w.logs.some((l) => l.message === 'discord connected')).toBe(true);

    const reply = await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    expect(answerText(reply)).toContain('Opened INC-1');
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    // The blame guard is off: nothing is listening for room messages.
    w.fake.say(IDS.dana, threadId, "That's a server issue.");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const timeline = await w.store.transaction((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.type)).not.toContain('blame.flagged');
  });

  it('a granted intent is used as before, with no warning', async () => {
    const w = (world = await startDiscordWorld({ messageContent: true, messageContentAllowed: true }));
    expect(w.fake.gateway.ops(GatewayOpcodes.Identify)).toHaveLength(1);
    expect(w.logs.some((l) => l.message === MESSAGE_CONTENT_REFUSED)).toBe(false);
  });
});

describe('errors are logged without interaction tokens', () => {
  it('a failed deferral (interaction callback 500) logs no token', async () => {
    const w = (world = await startDiscordWorld());
    w.fake.rest.failures.push({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      times: 1000,
      status: 500,
      code: 0,
      message: 'Internal Server Error',
    });
    const record = w.fake.dispatchInteraction(openPayload(w));
    await waitFor(() => w.logs.some((l) => l.message.startsWith('discord interaction')), 'a logged failure');
    await w.adapter.stop();
    expect(w.logText()).toContain('/interactions/');
    expect(w.logText()).not.toContain(record.token);
  });

  it('a failed reply edit (webhook 404) logs no token, but says which call failed', async () => {
    const w = (world = await startDiscordWorld());
    w.fake.rest.failures.push({
      method: 'PATCH',
      path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/,
      times: 1000,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    const record = w.fake.dispatchInteraction(openPayload(w));
    await waitFor(
      () => w.logs.some((l) => l.message === 'discord error reply not delivered'),
      'the failed error reply',
    );
    const text = w.logText();
    expect(text).not.toContain(record.token);
    expect(text).toContain('/webhooks/');
    expect(text).toContain(':token');
    expect(text).toContain('PATCH');
  });

  it('scrubs interaction and webhook paths, and keeps the useful fields', () => {
    const url = 'https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb24.secret-Tok_en/messages/@original';
    expect(scrubTokens(url)).toBe('https://discord.com/api/v10/webhooks/123/:token/messages/@original');
    expect(scrubTokens('/interactions/99/abc.def/callback?with_response=false')).toBe(
      '/interactions/99/:token/callback?with_response=false',
    );
    const error = Object.assign(new Error('Unknown interaction'), {
      code: 10062,
      status: 404,
      method: 'POST',
      url: '/interactions/99/abc.def/callback',
      requestBody: { json: { type: 5 } },
    });
    const safe = safeError(new Error('wrapped', { cause: error }));
    expect(safe.cause).toMatchObject({ code: 10062, status: 404, method: 'POST' });
    expect(safe.cause?.url).toBe('/interactions/99/:token/callback');
    expect(JSON.stringify(safe)).not.toContain('abc.def');
    expect(JSON.stringify(safe)).not.toContain('requestBody');
  });
});

/** `/incident open` as Maria, built the way the fake builds every slash command. */
function openPayload(w: DiscordWorld) {
  return w.fake.buildCommand(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
}
