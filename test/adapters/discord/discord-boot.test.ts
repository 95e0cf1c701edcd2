// Starting the bot: a wrong token or an unreachable API is a PlatformError saying what to
// check, never a crash or a hang, and never shows the token.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, discordIntents } from '../../../adapters/discord/discord-adapter.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { testWorld } from '../../support/world.ts';
import { createHarness } from '../../support/app-harness.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import {
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_INCIDENT_CHANNEL,
  FakeDiscord,
} from '../../fakes/discord/fake-discord.ts';
import type { LogLine } from './discord-world.ts';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start({ people: [] });
});
afterAll(async () => {
  await fake?.close();
});

/** `gateway`: false starts it as an instance with DISCORD_GATEWAY=off (REST only). */
async function boot(token: string, apiUrl: string, gateway = true) {
  const lines: LogLine[] = [];
  const logger = {
    info: (fields: object, message: string) => lines.push({ level: 'info', message, fields }),
    warn: (fields: object, message: string) => lines.push({ level: 'warn', message, fields }),
    error: (fields: object, message: string) => lines.push({ level: 'error', message, fields }),
  };
  const config = {
    token,
    appId: FAKE_APP_ID,
    guildId: FAKE_GUILD_ID,
    incidentChannelId: FAKE_INCIDENT_CHANNEL,
    apiUrl,
    messageContent: true,
    gateway,
  };
  const directory = testWorld();
  const adapter = createDiscordAdapter(config, { logger, directory: () => directory });
  const harness = await createHarness(createMemoryStore(), directory);
  adapter.attach(harness.app);
  try {
    await adapter.start();
    return { error: undefined, lines };
  } catch (error) {
    return { error, lines };
  } finally {
    await adapter.stop();
  }
}

describe('starting the Discord bot', () => {
  it('a wrong token is a PlatformError that says where the token comes from, without it', async () => {
    const { error } = await boot('wrong-secret-token', fake.apiUrl);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toContain('Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)');
    expect((error as Error).message).not.toContain('wrong-secret-token');
  });

  it('so is a wrong token with DISCORD_GATEWAY=off, checked over REST', async () => {
    const { error } = await boot('wrong-secret-token', fake.apiUrl, false);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toContain('Check DISCORD_TOKEN (Developer Portal → Bot → Reset Token)');
    expect((error as Error).message).not.toContain('wrong-secret-token');
  });

  it('an unreachable API is a PlatformError naming the address', async () => {
    const { error } = await boot('any-token', 'http://127.0.0.1:9/api');
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toContain('could not connect to Discord at http://127.0.0.1:9/api');
  });

  it('asks for the fewest intents that do the job', () => {
    expect(discordIntents({ messageContent: false })).toEqual([1]);
    expect(discordIntents({ messageContent: true })).toEqual([1, 512, 32768]);
  });
});
