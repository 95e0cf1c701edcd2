// `npm start` with Slack and Discord configured, as a real process: one HTTP server on
// PORT carries the Slack receiver and the owners' pages, Discord connects through its
// gateway, and SIGTERM stops everything cleanly. Both platforms are local fakes.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, waitFor } from '../fakes/discord/fake-discord.ts';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { IDS } from '../adapters/discord/discord-world.ts';
import { postSigned, slashCommandBody } from '../adapters/slack/slack-world.ts';
import { fakePlatformsEnv, startServedHandoff, type ServedHandoff } from './support/served-handoff.ts';

const OWNER_TOKEN = 'owner-token-for-the-serve-test';
const temp = mkdtempSync(path.join(tmpdir(), 'handoff-serve-'));
let slack: FakeSlack;
let discord: FakeDiscord;
let server: ServedHandoff;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  discord = await FakeDiscord.start({ people: Object.entries(IDS).map(([name, id]) => ({ id, name })) });
  server = await startServedHandoff(
    [],
    {
      HANDOFF_DATA_DIR: path.join(temp, 'data'),
      PORT: '0',
      OWNER_TOKEN,
      LOG_LEVEL: 'warn',
      ...fakePlatformsEnv(slack, discord),
    },
    'the server to start',
  );
});

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await slack.stop();
  await discord.close();
  rmSync(temp, { recursive: true, force: true });
});

const origin = () => server.origin();

describe('server mode', () => {
  it('connects both platforms and serves Slack and the owners pages on one port', async () => {
    expect(server.out()).toContain('Slack: connected.');
    expect(server.out()).toContain('Discord: connected.');
    const body = slashCommandBody(
      { fake: slack },
      'U04MARIA',
      'open wanderlust-web The booking site is down',
    );
    const response = await postSigned(origin(), body);
    expect(response.status).toBe(200);
    await waitFor(
      () => slack.calls.some((c) => c.method === 'conversations.create'),
      'the Slack channel for INC-1',
    );
    await waitFor(
      () => discord.rest.find('POST', /\/channels\/\d+\/threads$/).length > 0,
      'the Discord thread for INC-1',
    );
    const page = await fetch(`${origin()}/o/${OWNER_TOKEN}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('INC-1');
  });

  it('gives a client contact their own read-only link on Slack, and the link opens on this server', async () => {
    const id = randomUUID();
    const body = new URLSearchParams({
      team_id: slack.bot.teamId,
      channel_id: 'C0GENERAL',
      user_id: 'U04MARIA',
      command: '/incident',
      text: 'link',
      response_url: slack.responseUrl(id),
      trigger_id: `1.${randomUUID()}`,
    }).toString();
    await postSigned(origin(), body);
    await waitFor(() => slack.responses.some((r) => r.id === id), 'the answer to /incident link');
    const answer = slack.responses.find((r) => r.id === id)!.body;
    expect(answer.response_type).toBe('ephemeral');
    const link = /read-only page: (\S+)/.exec(String(answer.text))?.[1];
    expect(link?.startsWith(`${origin()}/c/`)).toBe(true);
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('INC-1');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => server.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });
});
