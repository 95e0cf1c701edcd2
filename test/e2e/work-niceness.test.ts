// SLACK_WORK_NICENESS: how far the work threads yield to Slack's ack thread (compose/
// thread-priority.ts says what the default costs when another program keeps the core busy).
// The real server process, as a service runs it, on PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgresDatabase, serverSuite, type TestDatabase } from '../support/servers.ts';
import { startSlackServer, type SlackServer } from './support/slack-server.ts';
import { nicenessByThread } from './support/thread-niceness.ts';

const up = await serverSuite('PostgreSQL', 'SLACK_WORK_NICENESS');
let db: TestDatabase;

beforeAll(async () => {
  if (up) db = await createTestPostgresDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function withServer(niceness: string, check: (running: SlackServer) => void): Promise<void> {
  const running = await startSlackServer({
    ownerToken: 'owner-token-for-the-niceness-test',
    logLevel: 'info',
    env: { DATABASE_URL: db.url, SLACK_WORK_NICENESS: niceness },
  });
  try {
    check(running);
  } finally {
    await running.stop();
  }
}

describe.skipIf(!up)('SLACK_WORK_NICENESS', () => {
  it('lowers every thread but the ack thread to the niceness given', async () => {
    await withServer('4', ({ server }) => {
      const pid = server.child.pid!;
      const threads = nicenessByThread(pid);
      expect(threads.get(String(pid))).toBe(4);
      expect([...threads.values()].filter((n) => n === 0)).toHaveLength(1); // the ack thread
      expect(server.stdout() + server.stderr()).toMatch(/"niceness":4,.*work threads yield/);
    });
  });

  it('0 leaves every thread at the priority it was started with', async () => {
    await withServer('0', ({ server }) => {
      const threads = nicenessByThread(server.child.pid!);
      expect(threads.size).toBeGreaterThan(2);
      expect([...threads.values()].every((n) => n === 0)).toBe(true);
      expect(server.stdout() + server.stderr()).not.toContain('work threads yield');
    });
  });
});
