// A `handoff` server as a real process, pointed at the local fake Slack and fake Discord:
// for the end-to-end tests that run it as `npm start` or a service would.

import {
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_INCIDENT_CHANNEL,
  FAKE_TOKEN,
  type FakeDiscord,
} from '../../fakes/discord/fake-discord.ts';
import type { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { SIGNING_SECRET } from '../../adapters/slack/slack-world.ts';
import { spawnHandoff, until, type SpawnedServer } from './spawned-server.ts';

export interface ServedHandoff extends SpawnedServer {
  /** Everything it printed so far, stdout and stderr together. */
  out(): string;
}

/** The settings that connect Handoff to the fake Slack and the fake Discord. */
export function fakePlatformsEnv(slack: FakeSlack, discord: FakeDiscord): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_APP_ID: FAKE_APP_ID,
    DISCORD_GUILD_ID: FAKE_GUILD_ID,
    DISCORD_INCIDENT_CHANNEL: FAKE_INCIDENT_CHANNEL,
    DISCORD_API_URL: discord.apiUrl,
  };
}

/**
 * Starts `handoff <args>` with `env` (and PATH) and resolves once it says it is running;
 * throws with what it printed if it ends first.
 */
export async function startServedHandoff(
  args: string[],
  env: Record<string, string>,
  what: string,
): Promise<ServedHandoff> {
  const server = spawnHandoff(env, args);
  const out = () => server.stdout() + server.stderr();
  await until(() => out().includes('Handoff is running') || server.child.exitCode !== null, what);
  if (server.child.exitCode !== null) {
    throw new Error(`${what}: it ended (exit code ${server.child.exitCode}):\n${out()}`);
  }
  return { ...server, out };
}
