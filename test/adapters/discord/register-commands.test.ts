// `handoff discord register`: the /incident command definition sent to the fake Discord.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { registerDiscordCommands } from '../../../adapters/discord/discord-adapter.ts';
import { definitions } from '../../../src/commands/index.ts';
import { runDiscordCommand } from '../../../adapters/discord/discord-cli.ts';
import { EXAMPLE_DIRECTORY, loadConfig } from '../../../src/config.ts';
import { loadDirectoryFile } from '../../../src/directory/directory-file.ts';
import type { Directory } from '../../../src/domain/directory.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import {
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_INCIDENT_CHANNEL,
  FAKE_TOKEN,
  FakeDiscord,
} from '../../fakes/discord/fake-discord.ts';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  min_value?: number;
  max_length?: number;
  choices?: unknown[];
  options?: Option[];
}

let fake: FakeDiscord;
let directory: Directory;
const config = () => ({
  token: FAKE_TOKEN,
  appId: FAKE_APP_ID,
  guildId: FAKE_GUILD_ID,
  incidentChannelId: FAKE_INCIDENT_CHANNEL,
  apiUrl: fake.apiUrl,
  messageContent: true,
});

beforeAll(async () => {
  fake = await FakeDiscord.start({ people: [] });
  directory = await loadDirectoryFile(EXAMPLE_DIRECTORY);
});
afterAll(async () => {
  await fake?.close();
});

function sub(command: Option, path: string): Option {
  const [first, second] = path.split(' ');
  const top = command.options!.find((o) => o.name === first)!;
  return second ? top.options!.find((o) => o.name === second)! : top;
}

describe('registerDiscordCommands', () => {
  it('PUTs /incident for the guild, with the token, and returns what Discord stored', async () => {
    const stored = (await registerDiscordCommands(config(), directory)) as Array<{ id: string }>;
    const [call] = fake.rest.find('PUT', /^\/applications\/\d+\/guilds\/\d+\/commands$/);
    expect(call?.path).toBe(`/applications/${FAKE_APP_ID}/guilds/${FAKE_GUILD_ID}/commands`);
    expect(call?.authorized).toBe(true);
    expect(stored[0]?.id).toMatch(/^\d+$/);
    const body = call!.body as Option[];
    expect(body).toHaveLength(1);
    expect(body[0]!.name).toBe('incident');
  });

  it('has every subcommand of design §3, with step add / step done in a group', () => {
    const command = (fake.rest.find('PUT', /commands$/)[0]!.body as Option[])[0]!;
    const names = command.options!.map((o) => [o.name, o.type]);
    expect(names).toEqual([
      ['open', T.Subcommand],
      ['status', T.Subcommand],
      ['handoff', T.Subcommand],
      ['accept', T.Subcommand],
      ['decline', T.Subcommand],
      ['update', T.Subcommand],
      ['resolve', T.Subcommand],
      ['reopen', T.Subcommand],
      ['summary', T.Subcommand],
      ['severity', T.Subcommand],
      ['mine', T.Subcommand],
      ['link', T.Subcommand],
      ['help', T.Subcommand],
      ['step', T.SubcommandGroup],
    ]);
    expect(sub(command, 'step').options!.map((o) => o.name)).toEqual(['add', 'done']);
    expect(definitions).toHaveLength(15);
  });

  it('types the options: site autocompletes, people are users, numbers are integers from 1', () => {
    const command = (fake.rest.find('PUT', /commands$/)[0]!.body as Option[])[0]!;
    const open = sub(command, 'open').options!;
    expect(open[0]).toMatchObject({ name: 'site', type: T.String, required: true, autocomplete: true });
    expect(open[2]).toMatchObject({ name: 'severity', required: false, choices: expect.any(Array) });
    expect(sub(command, 'severity').options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ['level', T.String, true],
      ['incident', T.Integer, false],
    ]);
    expect(sub(command, 'severity').options![0]!.choices).toEqual([
      { name: 'sev1', value: 'sev1' },
      { name: 'sev2', value: 'sev2' },
      { name: 'sev3', value: 'sev3' },
    ]);
    const handoff = sub(command, 'handoff').options!;
    expect(handoff.map((o) => [o.name, o.type, o.required])).toEqual([
      ['step', T.Integer, true],
      ['to', T.User, true],
      ['note', T.String, true],
      ['incident', T.Integer, false],
    ]);
    expect(handoff[0]!.min_value).toBe(1);
    expect(sub(command, 'step add').options!.find((o) => o.name === 'owner')).toMatchObject({
      type: T.User,
      required: false,
    });
    expect(sub(command, 'accept').options![0]).toMatchObject({
      name: 'handoff',
      type: T.Integer,
      min_value: 1,
    });
    expect(sub(command, 'step done').options![0]).toMatchObject({ name: 'step', type: T.Integer });
  });

  it('fits Discord’s limits: names, 100-character descriptions, required options first', () => {
    const command = (fake.rest.find('PUT', /commands$/)[0]!.body as Option[])[0]!;
    const walk = (o: Option): Option[] => [o, ...(o.options ?? []).flatMap(walk)];
    for (const o of walk(command)) {
      expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(o.description.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(100);
      const required = (o.options ?? []).map((x) => x.required === true);
      if (o.type === T.Subcommand)
        expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('says what to check when Discord refuses', async () => {
    await expect(
      registerDiscordCommands({ ...config(), guildId: '123456789012345678' }, directory),
    ).rejects.toThrow(PlatformError);
    await expect(registerDiscordCommands({ ...config(), token: 'wrong' }, directory)).rejects.toThrow(
      /Check DISCORD_APP_ID and DISCORD_GUILD_ID/,
    );
  });
});

describe('handoff discord register', () => {
  it('registers with the configured app and guild and says so', async () => {
    const before = fake.rest.find('PUT', /commands$/).length;
    const lines: string[] = [];
    const env = {
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_GUILD_ID: FAKE_GUILD_ID,
      DISCORD_INCIDENT_CHANNEL: FAKE_INCIDENT_CHANNEL,
      DISCORD_API_URL: fake.apiUrl,
    };
    expect(await runDiscordCommand(['register'], loadConfig(env), (l) => lines.push(l))).toBe(0);
    expect(fake.rest.find('PUT', /commands$/)).toHaveLength(before + 1);
    expect(lines.join('\n')).toContain(`Registered /incident in Discord server ${FAKE_GUILD_ID}`);
    await expect(runDiscordCommand(['register'], loadConfig({}), () => {})).rejects.toThrow(
      /Set DISCORD_TOKEN, DISCORD_APP_ID/,
    );
  });
});
