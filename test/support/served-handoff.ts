// A `handoff` server as a real process, pointed at the local fake Slack and fake Discord:
// for the end-to-end tests that run it as `npm start` or a service would.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_INCIDENT_CHANNEL,
  FAKE_TOKEN,
  type FakeDiscord,
  waitFor,
} from '../fakes/discord/fake-discord.ts';
import type { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { SIGNING_SECRET } from '../adapters/slack/slack-world.ts';

const BIN = path.resolve(import.meta.dirname, '../../src/bin/handoff.mjs');

export interface ServedHandoff {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  out(): string;
  /** Where its owners' pages (and Slack's endpoint) are, as it printed it. */
  origin(): string;
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
  let out = '';
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('Handoff is running') || child.exitCode !== null, what, 60_000);
  if (child.exitCode !== null) throw new Error(`${what}: it ended (exit code ${child.exitCode}):\n${out}`);
  return {
    child,
    out: () => out,
    origin() {
      const match = /Owners' pages: (http:\/\/localhost:\d+)\//.exec(out);
      if (!match) throw new Error(`no owners' URL in:\n${out}`);
      return match[1]!;
    },
  };
}
