// The real server process in Slack mode against the fake Slack, on a data folder of its
// own: the setup the hostile-input and log-safety tests share.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIGNING_SECRET } from '../../adapters/slack/slack-world.ts';
import { FakeSlack } from '../../fakes/slack/fake-slack.ts';
import { spawnHandoff, until, type SpawnedServer } from './spawned-server.ts';

export interface SlackServer {
  slack: FakeSlack;
  server: SpawnedServer;
  /** Kills the process, stops the fake and removes the data folder. */
  stop(): Promise<void>;
}

export async function startSlackServer(options: {
  ownerToken: string;
  logLevel: string;
  /** More settings for the process (SMTP_URL, MAIL_FROM …). */
  env?: Record<string, string>;
}): Promise<SlackServer> {
  const temp = mkdtempSync(path.join(tmpdir(), 'handoff-slack-server-'));
  const slack = new FakeSlack();
  await slack.start();
  const server = spawnHandoff({
    HANDOFF_DATA_DIR: path.join(temp, 'data'),
    PORT: '0',
    HOST: '127.0.0.1',
    OWNER_TOKEN: options.ownerToken,
    LOG_LEVEL: options.logLevel,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...options.env,
  });
  await until(
    () => server.stdout().includes('Handoff is running') || server.child.exitCode !== null,
    'the server to start',
  );
  return {
    slack,
    server,
    async stop() {
      server.kill();
      await slack.stop();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
