// Two `handoff serve` processes of one deployment on one PostgreSQL and one Redis, both with
// Slack and Discord (README, Running N instances): the second with DISCORD_GATEWAY=off, so
// the bot holds one gateway session (Discord sends each event to every session a bot has
// open), while both write the same Discord deliveries and either delivers them. A command
// through the second instance reaches its Discord participants in one thread; a Discord
// command reaches the first; no delivery fails. Real processes, local fakes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, FakeDiscord, waitFor } from '../fakes/discord/fake-discord.ts';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { IDS } from '../adapters/discord/discord-world.ts';
import { postSigned, slashCommandBody } from '../adapters/slack/slack-world.ts';
import { waitFor as settled } from '../support/running-clock.ts';
import { fakePlatformsEnv, startServedHandoff, type ServedHandoff } from './support/served-handoff.ts';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { deleteKeys, REDIS_URL } from '../timers/redis-keys.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'handoff-two-'));
const prefix = `handoff-test-two-instances-${process.pid}-${Date.now()}`;

const up =
  (await serverSuite('Redis', 'Two instances with Discord')) &&
  (await serverSuite('PostgreSQL', 'Two instances with Discord'));

let slack: FakeSlack;
let discord: FakeDiscord;
let database: TestDatabase | undefined;
const instances: ServedHandoff[] = [];

function startInstance(name: string, env: Record<string, string>): Promise<ServedHandoff> {
  return startServedHandoff(
    ['serve'],
    {
      HANDOFF_DATA_DIR: path.join(temp, name),
      DATABASE_URL: database!.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PORT: '0',
      OWNER_TOKEN: 'owner-token-for-the-two-instances-test',
      LOG_LEVEL: 'warn',
      ...fakePlatformsEnv(slack, discord),
      ...env,
    },
    `instance ${name} to start`,
  );
}

beforeAll(async () => {
  if (!up) return;
  slack = new FakeSlack();
  await slack.start();
  discord = await FakeDiscord.start({ people: Object.entries(IDS).map(([name, id]) => ({ id, name })) });
  database = await createTestPostgresDatabase();
  // One after the other the first time, so the first applies the migrations (README).
  instances.push(await startInstance('gateway', {}));
  instances.push(await startInstance('rest', { DISCORD_GATEWAY: 'off' }));
}, 150_000);

afterAll(async () => {
  for (const { child } of instances) if (child.exitCode === null) child.kill('SIGKILL');
  await slack?.stop();
  await discord?.close();
  await database?.drop();
  if (up) await deleteKeys(`${prefix}:*`);
  rmSync(temp, { recursive: true, force: true });
});

async function outboxByStatus(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>(
      `SELECT "status", count(*) AS n FROM "OutboxEntry" GROUP BY "status"`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  } finally {
    await client.end();
  }
}

describe.skipIf(!up)('two instances with Discord, one holding the gateway', () => {
  it('opens one gateway session between them, and says which instance delivers only', () => {
    const [gateway, rest] = instances;
    expect(gateway!.out()).toContain('Discord: connected.');
    expect(rest!.out()).toContain('Discord: connected for deliveries only');
    expect(discord.gateway.received.filter((op) => op.op === GatewayOpcodes.Identify)).toHaveLength(1);
    expect(discord.gateway.sessions).toHaveLength(1);
  });

  it('brings a Slack command through the second instance to Discord, in one thread', async () => {
    const body = slashCommandBody(
      { fake: slack },
      'U04MARIA',
      'open wanderlust-web The booking site is down',
    );
    expect((await postSigned(instances[1]!.origin(), body)).status).toBe(200);
    await waitFor(() => discord.state.threads().length > 0, 'the Discord thread for INC-1', 30_000);
    await settled('every delivery settled', async () => !(await outboxByStatus()).pending, 30_000);
    const [thread] = discord.state.threads();
    expect(discord.state.threads()).toHaveLength(1);
    expect(discord.state.threadMembers.get(thread!.id)?.has(IDS.dana)).toBe(true);
    expect(discord.messagesIn(thread!.id).some((m) => m.content.includes('INC-1'))).toBe(true);
    expect(await outboxByStatus()).not.toHaveProperty('failed');
  });

  it('answers a Discord command through the instance that holds the gateway', async () => {
    const threadId = discord.state.threads()[0]!.id;
    const answer = await discord.command(IDS.dana, 'status', {}, threadId);
    expect(answerText(answer)).toContain('INC-1');
  });

  it('both stop on SIGTERM with exit code 0', async () => {
    const codes = await Promise.all(
      instances.map(
        ({ child }) =>
          new Promise<number | null>((resolve) => {
            child.once('exit', (code) => resolve(code));
            child.kill('SIGTERM');
          }),
      ),
    );
    expect(codes).toEqual([0, 0]);
  });
});
