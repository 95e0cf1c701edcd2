// The Discord section of the config (src/config.ts): all four settings together or none,
// and a message saying where each missing one is found.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';

const FULL = {
  DISCORD_TOKEN: 'secret-token',
  DISCORD_APP_ID: '900000000000000001',
  DISCORD_GUILD_ID: '900000000000000002',
  DISCORD_INCIDENT_CHANNEL: '900000000000000003',
};

describe('Discord configuration', () => {
  it('is absent when no Discord variable is set', () => {
    expect(loadConfig({}).discord).toBeUndefined();
    expect(loadConfig({ DISCORD_TOKEN: '' }).discord).toBeUndefined();
  });

  it('reads all four, with Discord’s API and the Message Content intent by default', () => {
    expect(loadConfig(FULL).discord).toEqual({
      token: 'secret-token',
      appId: '900000000000000001',
      guildId: '900000000000000002',
      incidentChannelId: '900000000000000003',
      apiUrl: 'https://discord.com/api',
      messageContent: true,
      gateway: true,
    });
  });

  it('leaves the gateway to another instance when told (DISCORD_GATEWAY=off)', () => {
    expect(loadConfig({ ...FULL, DISCORD_GATEWAY: 'off' }).discord?.gateway).toBe(false);
    expect(loadConfig({ ...FULL, DISCORD_GATEWAY: 'on' }).discord?.gateway).toBe(true);
    expect(loadConfig({ ...FULL, DISCORD_GATEWAY: '' }).discord?.gateway).toBe(true);
    expect(() => loadConfig({ ...FULL, DISCORD_GATEWAY: 'no' })).toThrow(
      /DISCORD_GATEWAY must be on or off \(unset: on\)/,
    );
  });

  it('takes another API base and runs commands-only when told', () => {
    const discord = loadConfig({
      ...FULL,
      DISCORD_API_URL: 'http://127.0.0.1:4000/api/',
      DISCORD_MESSAGE_CONTENT: 'false',
    }).discord;
    expect(discord?.apiUrl).toBe('http://127.0.0.1:4000/api');
    expect(discord?.messageContent).toBe(false);
  });

  it('names each missing setting and where to find it', () => {
    const attempt = () => loadConfig({ DISCORD_TOKEN: 'secret-token', DISCORD_APP_ID: FULL.DISCORD_APP_ID });
    expect(attempt).toThrow(/DISCORD_GUILD_ID: find it in the Discord client with Developer Mode on/);
    expect(attempt).toThrow(/DISCORD_INCIDENT_CHANNEL: .*Copy Channel ID/);
    expect(attempt).not.toThrow(/DISCORD_APP_ID: find/);
    expect(attempt).not.toThrow(/secret-token/);
  });

  it('rejects ids that are not snowflakes and a bad flag', () => {
    expect(() => loadConfig({ ...FULL, DISCORD_INCIDENT_CHANNEL: '#incidents' })).toThrow(
      /DISCORD_INCIDENT_CHANNEL must be a Discord id/,
    );
    expect(() => loadConfig({ ...FULL, DISCORD_MESSAGE_CONTENT: 'yes' })).toThrow(
      /DISCORD_MESSAGE_CONTENT must be true or false/,
    );
  });
});
