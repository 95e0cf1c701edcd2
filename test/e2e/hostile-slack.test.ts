// Issue 12, seen 1 and 2: one correctly signed but malformed Slack request used to kill
// the whole process (Slack, Discord, the owners' pages and the timers with it). Here the
// real server runs as its own process against the fake Slack, and each hostile body must
// get a 400 while the process keeps answering.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { FORM, sign, SIGNING_SECRET } from '../adapters/slack/slack-world.ts';
import { spawnHandoff, until, type SpawnedServer } from './support/spawned-server.ts';

const OWNER_TOKEN = 'owner-token-for-the-hostile-test';
const temp = mkdtempSync(path.join(tmpdir(), 'handoff-hostile-'));
let slack: FakeSlack;
let server: SpawnedServer;

beforeAll(async () => {
  slack = new FakeSlack();
  await slack.start();
  server = spawnHandoff({
    HANDOFF_DATA_DIR: path.join(temp, 'data'),
    PORT: '0',
    HOST: '127.0.0.1',
    OWNER_TOKEN,
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  await until(
    () => server.stdout().includes('Handoff is running') || server.child.exitCode !== null,
    'the server to start',
  );
});

afterAll(async () => {
  server.kill();
  await slack.stop();
  rmSync(temp, { recursive: true, force: true });
});

async function post(body: string, contentType: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${server.origin()}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

async function stillServing(): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  const page = await fetch(`${server.origin()}/o/${OWNER_TOKEN}/`);
  expect(page.status).toBe(200);
  const help = new URLSearchParams({
    team_id: slack.bot.teamId,
    channel_id: 'C0GENERAL',
    user_id: 'U04MARIA',
    command: '/incident',
    text: 'help',
    response_url: slack.responseUrl('after-hostile'),
    trigger_id: '1.after-hostile',
  }).toString();
  expect((await post(help, FORM)).status).toBe(200);
}

describe('a signed but malformed Slack body', () => {
  it.each([
    ['JSON null', 'null', 'application/json'],
    ['a form payload=null', 'payload=null', FORM],
    ['an event_callback whose event is null', '{"type":"event_callback","event":null}', 'application/json'],
  ])('%s gets 400 with a one-line reason, and the process keeps serving', async (_name, body, type) => {
    const answer = await post(body, type);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toMatch(/\n.|at .*\.(js|ts):\d+/);
    expect(answer.text.length).toBeGreaterThan(0);
    // Give a crash the time it took before the fix (an unhandled rejection a tick later).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stillServing();
  });

  it('nothing on the way was logged as a crash', () => {
    expect(server.stderr()).not.toContain('Cannot read properties');
    expect(server.stderr()).not.toMatch(/"level":(50|60)/);
  });
});
