// Issue 11: how long from a change's commit to its notification arriving at the (fake)
// Slack Web API through the outbox and the in-process worker, and how long a command
// waits while the Slack API answers 500. Real adapter, real WebClient, fake Slack.

import { percentile, type Report } from './report.ts';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.ts';
import { createDeliveryWorker } from '../src/app/delivery-worker.ts';
import { DEFAULT_SETTINGS, type AppDeps } from '../src/app/deps.ts';
import { createHandoffApp } from '../src/app/handoff-app.ts';
import { KeyedLock } from '../src/app/keyed-lock.ts';
import type { Logger } from '../src/app/ports.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { systemClock } from '../src/timers/clock.ts';
import { createInProcessTimers } from '../src/timers/in-process-timers.ts';
import { MemoryTimers } from '../src/timers/memory-timers.ts';
import { FakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { testWorld } from '../test/support/world.ts';

const quiet: Logger = { info() {}, warn() {}, error() {} };
const N = 200;

export async function run(report: Report): Promise<void> {
  const fake = new FakeSlack();
  await fake.start();
  const adapter = createSlackAdapter(
    { botToken: fake.token, signingSecret: 'bench-secret', apiUrl: fake.apiUrl },
    { logger: quiet },
  );
  const store = createMemoryStore();
  const directory = testWorld();
  await store.transaction((tx) => tx.upsertDirectory(directory));
  const deps: AppDeps = {
    store,
    notifier: adapter.notifier,
    platforms: new Map([['slack', adapter.notifier]]),
    clock: systemClock,
    timers: new MemoryTimers(),
    logger: quiet,
    directory: () => directory,
    settings: DEFAULT_SETTINGS,
    locks: new KeyedLock(),
  };
  const worker = createDeliveryWorker(deps, createInProcessTimers({ clock: systemClock, logger: quiet }));
  deps.deliveries = worker;
  await worker.start();
  const app = createHandoffApp(deps);
  adapter.attach(app);
  await adapter.start();
  // When each text reached the fake: the end of its delivery.
  const arrived = new Map<string, number>();
  const push = fake.calls.push.bind(fake.calls);
  fake.calls.push = (...calls) => {
    for (const c of calls) if (typeof c.args.text === 'string') arrived.set(c.args.text, performance.now());
    return push(...calls);
  };
  const as = (userId: string, text: string) =>
    app.handleCommand({ actor: { platform: 'slack', userId }, text, roomIncident: 1 });
  await as('U0MARIA', 'open wanderlust-web Down');
  const committed = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const text = `update Progress note ${i}`;
    committed.set(`Progress note ${i}`, performance.now());
    await as('U0DANA', text); // Maria, the client contact, is told each update
    await new Promise((r) => setTimeout(r, 5));
  }
  const deadline = performance.now() + 30_000;
  const pendingCount = async () =>
    (await store.transaction((tx) => tx.listOutbox({ status: 'pending' }))).length;
  while ((await pendingCount()) > 0 && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const delays: number[] = [];
  for (const [note, at] of committed) {
    const hit = [...arrived].find(([text]) => text.includes(`${note}`) && text.startsWith('<@U0MARIA>'));
    if (hit) delays.push(hit[1] - at);
  }
  delays.sort((a, b) => a - b);
  if (delays.length < N) console.log(`   only ${delays.length} of ${N} deliveries arrived`);
  report.absolute(
    { name: 'commit → delivery at the fake Slack, median', value: percentile(delays, 50), unit: 'ms' },
    { max: 50 },
  );
  report.absolute(
    { name: 'commit → delivery at the fake Slack, p99', value: percentile(delays, 99), unit: 'ms' },
    { max: 200 },
  );

  const timeCommands = async (label: string) => {
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      const began = performance.now();
      await as('U0DANA', `update ${label} ${i}`);
      waits.push(performance.now() - began);
    }
    return waits.sort((x, y) => x - y);
  };
  const up = await timeCommands('While Slack is up');
  fake.down = true;
  const down = await timeCommands('During the outage');
  fake.down = false;
  for (const p of [50, 100]) {
    report.ratio(
      {
        name: `a command while the Slack API answers 500, ${p === 50 ? 'median' : 'max'} of 20`,
        value: percentile(down, p),
        unit: 'ms',
        baseline: { name: 'Slack up', value: percentile(up, p) },
      },
      { max: 2 },
    );
  }
  await adapter.stop();
  await worker.stop();
  await fake.stop();
  await store.close();
}
