// Boot: a wrong token or an unreachable Slack stops start() with a message saying what to
// fix; the process never dies on Bolt's own unhandled auth.test (notes/platform-facts.md).

import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/slack-adapter.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { loadConfig } from '../../../src/config.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { createHarness } from '../../support/app-harness.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { testWorld } from '../../support/world.ts';
import { MemoryLogger, SIGNING_SECRET } from './slack-world.ts';

const fakes: FakeSlack[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function adapterFor(apiUrl: string, token = 'xoxb-test-token') {
  const logger = new MemoryLogger();
  const adapter = createSlackAdapter({ botToken: token, signingSecret: SIGNING_SECRET, apiUrl }, { logger });
  const { app } = await createHarness(createMemoryStore(), testWorld());
  adapter.attach(app);
  return { adapter, logger };
}

describe('starting the Slack adapter', () => {
  it('an unreachable Slack is a clear PlatformError, not a crash', async () => {
    const { adapter } = await adapterFor('http://127.0.0.1:9/api/');
    const failure = await adapter.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect((failure as Error).message).toContain(
      "Handoff can't reach Slack's Web API at http://127.0.0.1:9/api/",
    );
    // Outlive the window in which Bolt's own auth.test would have crashed the process.
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  it('a refused token says where to find the right one, without printing it', async () => {
    const fake = new FakeSlack('xoxb-the-real-one');
    fakes.push(fake);
    await fake.start();
    const { adapter, logger } = await adapterFor(fake.apiUrl, 'xoxb-a-wrong-one');
    const failure = (await adapter.start().catch((error: unknown) => error)) as Error;
    expect(failure.message).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(failure.message).toContain('OAuth & Permissions');
    expect(failure.message).not.toContain('xoxb-a-wrong-one');
    expect(logger.text()).not.toContain('xoxb-a-wrong-one');
  });

  it('HTTP mode answers 503 before start() rather than timing out', async () => {
    const { adapter } = await adapterFor('http://127.0.0.1:9/api/');
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => adapter.requestListener!(req, res)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(503);
    server.close();
  });

  it('can open its own HTTP server (listen) and stop cleanly', async () => {
    const fake = new FakeSlack();
    fakes.push(fake);
    await fake.start();
    const logger = new MemoryLogger();
    const adapter = createSlackAdapter(
      { botToken: fake.token, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, listen: 0 },
      { logger },
    );
    adapter.attach((await createHarness(createMemoryStore(), testWorld())).app);
    await adapter.start();
    await adapter.stop();
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });
});

describe('Slack settings (src/config.ts)', () => {
  it('are absent without SLACK_BOT_TOKEN', () => {
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it('need the signing secret with the token, and say where to find it', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set. Find it under Basic Information in your Slack app.',
    );
  });

  it('default to HTTP mode on port 3000 against slack.com, acknowledged by a thread of its own', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      apiUrl: 'https://slack.com/api/',
      port: 3000,
      ackThread: true,
      workNiceness: 10,
    });
  });

  it('take Socket Mode, a test server and a port', () => {
    const slack = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      PORT: '8080',
    }).slack;
    expect(slack).toMatchObject({ appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:4000/api/', port: 8080 });
  });

  it('reject a token of the wrong kind with a fix', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' })).toThrow(
      /starts with xoxb-/,
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 'web' })).toThrow(
      /PORT/,
    );
  });
});
