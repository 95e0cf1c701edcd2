// A separate OS process running the bot's timers: BullMQ worker on the given queue, the
// real core on PostgreSQL. It prints one JSON line per notification it sends, and drains
// on SIGTERM. Run by multi-process.test.ts: node --import tsx worker-process.ts <json args>

import { createHandoffApp } from '../../src/app/handoff-app.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { Notification } from '../../src/app/ports.ts';
import { fireDeadline } from '../../src/app/use-cases/fire-deadline.ts';
import { reconcileDeadlines } from '../../src/app/use-cases/reconcile-deadlines.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createBullTimers } from '../../src/timers/bullmq-timers.ts';
import { systemClock } from '../../src/timers/clock.ts';
import { silentLogger } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';
import { FAST } from './timer-node.ts';

const args = JSON.parse(process.argv[2]!) as {
  databaseUrl: string;
  redisUrl: string;
  queueName: string;
  prefix: string;
};
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const db = await openDatabase({ kind: 'postgres', url: args.databaseUrl }, { migrate: false });
const store = createPrismaStore(db);
const timers = createBullTimers({
  url: args.redisUrl,
  clock: systemClock,
  logger: silentLogger,
  queueName: args.queueName,
  prefix: args.prefix,
  concurrency: 4,
});
const directory = testWorld();
const deps: AppDeps = {
  store,
  notifier: {
    async notify(notifications: Notification[]) {
      for (const n of notifications) print({ pid: process.pid, to: n.personName, text: n.text });
    },
  },
  clock: systemClock,
  timers,
  logger: silentLogger,
  directory: () => directory,
  settings: FAST,
  locks: new KeyedLock(),
};
createHandoffApp(deps);
await timers.start(async (wake) => {
  await fireDeadline(deps, wake);
});
await reconcileDeadlines(deps);
print({ ready: process.pid });

process.once('SIGTERM', () => {
  void (async () => {
    await timers.stop();
    await store.close();
    process.exit(0);
  })();
});
