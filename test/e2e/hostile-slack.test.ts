// Issue 12, seen 1 and 2: one correctly signed but malformed Slack request used to kill
// the whole process (Slack, Discord, the owners' pages and the timers with it). Here the
// real server runs as its own process against the fake Slack, and each hostile body must
// get a 400 while the process keeps answering.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { FORM, postSigned } from '../adapters/slack/slack-world.ts';
import { WORK_NICENESS } from '../../src/compose/thread-priority.ts';
import { startSlackServer, type SlackServer } from './support/slack-server.ts';
import type { SpawnedServer } from './support/spawned-server.ts';
import { nicenessByThread } from './support/thread-niceness.ts';

const OWNER_TOKEN = 'owner-token-for-the-hostile-test';
let slack: FakeSlack;
let server: SpawnedServer;
let running: SlackServer | undefined;

beforeAll(async () => {
  running = await startSlackServer({ ownerToken: OWNER_TOKEN, logLevel: 'info' });
  ({ slack, server } = running);
});

afterAll(async () => {
  await running?.stop();
});

async function post(body: string, contentType: string) {
  const response = await postSigned(server.origin(), body, contentType);
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

describe('the Slack front thread', () => {
  it('holds the port, and every other thread yields to it (with either database)', () => {
    const pid = server.child.pid!;
    const threads = nicenessByThread(pid);
    expect(threads.get(String(pid))).toBe(WORK_NICENESS);
    expect([...threads.values()].filter((n) => n === 0)).toHaveLength(1);
    expect(server.stdout() + server.stderr()).toContain('work threads yield to the Slack front thread');
  });
});
