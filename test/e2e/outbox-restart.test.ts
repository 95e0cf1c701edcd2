// Issue 11, test (b): a change committed while its deliveries could not be handed over (the
// dispatcher unreachable, or the platform down until the process stopped) is delivered by
// the next process on the same database, once.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification, Notifier } from '../../src/app/ports.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import { startCore, type Core } from '../../src/main.ts';
import { systemClock } from '../../src/timers/clock.ts';
import { silentLogger } from '../support/app-harness.ts';
import { waitFor } from '../support/running-clock.ts';
import { REDIS, serverSuite } from '../support/servers.ts';

const redisUp = await serverSuite('Redis', 'Deliveries on BullMQ');

class Platform implements Notifier {
  readonly sent: Notification[] = [];
  constructor(private readonly down = false) {}
  async notify(notifications: Notification[]): Promise<void> {
    if (this.down) throw new PlatformError('Slack answered 500');
    this.sent.push(...notifications);
  }
}

describe('deliveries survive a restart', () => {
  let temp: string;
  let config: Config;
  const cores: Core[] = [];
  const start = async (platform: Notifier, env: Record<string, string> = {}) => {
    const core = await startCore(
      { ...config, timers: { ...config.timers, ...loadConfig({ ...env, HANDOFF_DATA_DIR: temp }).timers } },
      { notifiers: { slack: platform }, clock: systemClock, logger: silentLogger },
    );
    cores.push(core);
    return core;
  };
  const as = async (core: Core, userId: string, text: string) => {
    const reply = await core.app.handleCommand({ actor: { platform: 'console', userId }, text });
    expect(reply?.error).toBeUndefined();
  };
  const pending = (core: Core) => core.store.transaction((tx) => tx.listOutbox({ status: 'pending' }));

  beforeEach(async () => {
    temp = await mkdtemp(path.join(tmpdir(), 'handoff-outbox-'));
    config = loadConfig({ HANDOFF_DATA_DIR: temp });
    config.directoryFile = path.join(import.meta.dirname, '../../examples/directory.yaml');
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.stop();
    await rm(temp, { recursive: true, force: true });
  });

  it(
    'delivers what a process committed but could not hand over, once, after restart',
    { timeout: 60_000 },
    async () => {
      // The dispatcher is unreachable: its Redis does not answer, so nothing is handed over.
      const first = await start(new Platform(), { REDIS_URL: 'redis://127.0.0.1:1' });
      const who = first.directory().people;
      const reporter = who.find((p) => p.organisationId !== 'brightdesk')!;
      const site = first.directory().sites[0]!;
      const began = performance.now();
      await as(first, reporter.id, `/incident open ${site.id} The site shows an error page`);
      expect(performance.now() - began).toBeLessThan(2_000);
      const owed = await pending(first);
      expect(owed.length).toBeGreaterThan(0);
      await first.stop();
      cores.length = 0;

      const platform = new Platform();
      const second = await start(platform);
      await waitFor('pending deliveries', async () => (await pending(second)).length === 0);
      const texts = platform.sent.map((n) => `${n.personId}: ${n.text}`);
      expect(texts).toHaveLength(owed.length);
      expect(new Set(texts).size).toBe(texts.length);
    },
  );

  it.skipIf(!redisUp)(
    'delivers through BullMQ when REDIS_URL is set, once',
    { timeout: 30_000 },
    async () => {
      const url = `redis://${REDIS.host}:${REDIS.port}`;
      const platform = new Platform();
      const core = await start(platform, { REDIS_URL: url });
      const reporter = core.directory().people.find((p) => p.organisationId !== 'brightdesk')!;
      await as(core, reporter.id, `/incident open ${core.directory().sites[0]!.id} Down`);
      await waitFor('pending deliveries', async () => (await pending(core)).length === 0, 10_000);
      const sent = await core.store.transaction((tx) => tx.listOutbox({ status: 'sent' }));
      expect(platform.sent).toHaveLength(sent.length);
      expect(sent.every((e) => e.attempts === 1)).toBe(true);
    },
  );

  it('delivers what a platform refused until the process stopped, once, after restart', async () => {
    const first = await start(new Platform(true));
    const reporter = first.directory().people.find((p) => p.organisationId !== 'brightdesk')!;
    await as(first, reporter.id, `/incident open ${first.directory().sites[0]!.id} Down`);
    await waitFor('a failed first attempt', async () =>
      (await pending(first)).every((e) => e.attempts > 0 && e.lastError === 'Slack answered 500'),
    );
    await first.stop();
    cores.length = 0;

    const platform = new Platform();
    const second = await start(platform);
    await waitFor('pending deliveries', async () => (await pending(second)).length === 0);
    const sent = await second.store.transaction((tx) => tx.listOutbox({ status: 'sent' }));
    expect(platform.sent).toHaveLength(sent.length);
    expect(sent.every((e) => e.attempts === 2)).toBe(true);
  });
});
