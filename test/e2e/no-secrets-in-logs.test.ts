// Issue 12, seen 3: credentials that reach the process must never reach its output. The
// real server runs at LOG_LEVEL=debug; a bearer token, a cookie, the owner token, the
// signing secret, the bot token and a DATABASE_URL password go through every surface
// (Slack events, owners' pages, bad requests, bad settings at boot), and stdout and stderr
// are searched for them. The owner link printed at start is the one deliberate exception:
// it is how the owner gets the link (issue 7), so the owner token may appear in that line only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.ts';
import { FORM, postSigned, SIGNING_SECRET } from '../adapters/slack/slack-world.ts';
import { startSlackServer, type SlackServer } from './support/slack-server.ts';
import { spawnHandoff, type SpawnedServer } from './support/spawned-server.ts';

const OWNER_TOKEN = 'owner-token-never-logged-7f3c';
const BEARER = 'Bearer bearer-never-logged-91ad';
const COOKIE = 'session=cookie-never-logged-2be4';
const DB_PASSWORD = 'db-password-never-logged-5c1e';
let slack: FakeSlack;
let server: SpawnedServer;
let running: SlackServer | undefined;

const hostile = { authorization: BEARER, cookie: COOKIE, 'proxy-authorization': BEARER };

beforeAll(async () => {
  running = await startSlackServer({ ownerToken: OWNER_TOKEN, logLevel: 'debug' });
  ({ slack, server } = running);
});

afterAll(async () => {
  await running?.stop();
});

function signedPost(body: string, contentType: string, extra: Record<string, string> = {}) {
  return postSigned(server.origin(), body, contentType, { headers: extra });
}

function expectNoSecrets(output: string) {
  for (const secret of [
    BEARER,
    'bearer-never-logged',
    COOKIE,
    'cookie-never-logged',
    SIGNING_SECRET,
    slack.token,
  ]) {
    expect(output).not.toContain(secret);
  }
  expect(output).not.toContain(DB_PASSWORD);
}

describe('secrets sent to a running server', () => {
  it('are answered without a 5xx, and appear in no output', async () => {
    const o = server.origin();
    const statuses: Record<string, number> = {};
    const hit = async (name: string, request: Promise<Response>) => {
      const response = await request;
      await response.arrayBuffer();
      statuses[name] = response.status;
    };
    await hit('GET /slack/events', fetch(`${o}/slack/events`, { headers: hostile }));
    await hit(
      'unsigned POST',
      fetch(`${o}/slack/events`, { method: 'POST', headers: hostile, body: BEARER }),
    );
    await hit(
      'badly signed POST',
      fetch(`${o}/slack/events`, {
        method: 'POST',
        headers: {
          ...hostile,
          'x-slack-signature': `v0=${SIGNING_SECRET}`,
          'x-slack-request-timestamp': '1',
        },
        body: `token=${SIGNING_SECRET}`,
      }),
    );
    await hit(
      'signed malformed',
      signedPost(`{"type":"event_callback","event":"${BEARER}"}`, 'application/json', hostile),
    );
    const help = new URLSearchParams({
      team_id: slack.bot.teamId,
      channel_id: 'C0GENERAL',
      user_id: 'U04MARIA',
      command: '/incident',
      text: `help ${COOKIE}`,
      response_url: slack.responseUrl('leaks'),
      trigger_id: '1.leaks',
    }).toString();
    await hit('signed command', signedPost(help, FORM, hostile));
    await hit('owner page', fetch(`${o}/o/${OWNER_TOKEN}/`, { headers: hostile }));
    await hit(
      'owner POST',
      fetch(`${o}/o/${OWNER_TOKEN}/`, { method: 'POST', headers: hostile, body: COOKIE }),
    );
    await hit('wrong token', fetch(`${o}/o/${BEARER.slice(7)}/`, { headers: hostile }));
    await hit('unknown page', fetch(`${o}/${COOKIE}`, { headers: hostile }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Object.values(statuses).every((s) => s < 500)).toBe(true);
    expect(statuses).toMatchObject({
      'GET /slack/events': 405,
      'unsigned POST': 401,
      'signed malformed': 400,
    });
    expect(server.child.exitCode).toBeNull();
    expectNoSecrets(server.stdout() + server.stderr());
    expect(server.stderr()).not.toContain(OWNER_TOKEN);
    const withToken = server
      .stdout()
      .split('\n')
      .filter((line) => line.includes(OWNER_TOKEN));
    expect(withToken).toEqual([`Owners' pages: ${o}/o/${OWNER_TOKEN}/`]);
    // Refusals are one short line each: method, path and reason.
    const refusals = server
      .stderr()
      .split('\n')
      .filter((line) => line.includes('slack request refused'));
    expect(refusals.length).toBeGreaterThanOrEqual(3);
    for (const line of refusals) expect(line.length).toBeLessThan(300);
  });
});

describe('secrets in the settings at boot', () => {
  it.each([
    ['a DATABASE_URL that is not PostgreSQL', `mysql://handoff:${DB_PASSWORD}@127.0.0.1/handoff`],
    ['a PostgreSQL nobody answers on', `postgresql://handoff:${DB_PASSWORD}@127.0.0.1:1/handoff`],
  ])('%s: a clear refusal, without the password', async (_name, url) => {
    const boot = spawnHandoff({
      DATABASE_URL: url,
      LOG_LEVEL: 'debug',
      PORT: '0',
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      OWNER_TOKEN,
    });
    const code = await Promise.race([
      boot.exited(),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 45_000)),
    ]);
    boot.kill();
    expect(code).toBe(1);
    expect(boot.stderr()).toMatch(/DATABASE_URL|PostgreSQL|database/i);
    expectNoSecrets(boot.stdout() + boot.stderr());
    expect(boot.stdout() + boot.stderr()).not.toContain(OWNER_TOKEN);
  });
});
