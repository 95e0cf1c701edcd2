// Issue 11 through the real Bolt and WebClient against the fake Slack: deliveries go
// through the outbox and a worker, so a Slack outage never holds a command, and every
// notification arrives once when Slack is back; 429 with Retry-After is waited out.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { sleep, waitFor } from '../../support/running-clock.ts';
import { testWorld } from '../../support/world.ts';
import { createDeliveryWorld } from './delivery-world.ts';
import { slash } from './slack-world.ts';

const DANA = 'U0DANA';
const MARIA = 'U0MARIA';
const SAM = 'U0SAM';

/** The Slack world with the production delivery path: outbox, in-process worker, real clock. */
const createWorld = () =>
  createDeliveryWorld({ directory: testWorld(), openStore: async () => createMemoryStore() });

let world: Awaited<ReturnType<typeof createWorld>>;
const pending = () => world.store.transaction((tx) => tx.listOutbox({ status: 'pending' }));
const mentions = (user: string) => world.fake.messages.filter((m) => m.text.startsWith(`<@${user}>`));

beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('Slack deliveries through the outbox', () => {
  it('applies and answers every command while the Web API answers 500, and delivers each notification once after', async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
    await waitFor('the greetings', async () => (await pending()).length === 0);
    const before = world.fake.messages.length;

    world.fake.down = true;
    const outageStarted = performance.now();
    const waits: number[] = [];
    for (const text of [
      'step add Check the server',
      'step add Read the logs',
      `handoff 1 <@${SAM}> Disk full; cleared /tmp`,
    ]) {
      const began = performance.now();
      const answer = await slash(world, DANA, text, room);
      waits.push(performance.now() - began);
      expect(answer.status).toBe(200);
    }
    const answered = world.fake.responses.map((r) => String(r.body.text));
    expect(answered.some((t) => t.includes('Added step 1'))).toBe(true);
    expect(answered.some((t) => t.includes('Added step 2'))).toBe(true);
    expect(answered.some((t) => t.includes('H1'))).toBe(true);
    const timeline = await world.store.transaction((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['step.added', 'handoff.proposed']));
    const outageSoFar = performance.now() - outageStarted;
    console.log(`command waits during the outage (ms): ${waits.map((w) => Math.round(w)).join(', ')}`);
    await sleep(Math.max(0, 3_000 - outageSoFar));
    expect(world.fake.messages.length).toBe(before); // nothing got through the outage
    expect((await pending()).some((e) => e.lastError?.includes("Slack didn't answer"))).toBe(true);

    world.fake.down = false;
    await waitFor('deliveries after the outage', async () => (await pending()).length === 0, 30_000);
    expect(mentions(SAM).filter((m) => m.text.includes('H1'))).toHaveLength(1);
    const failed = await world.store.transaction((tx) => tx.listOutbox({ status: 'failed' }));
    expect(failed).toEqual([]);
  }, 60_000);

  it('waits out 429 with Retry-After, then delivers once', async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
    await waitFor('the greetings', async () => (await pending()).length === 0);
    await slash(world, DANA, 'step add Check the server', room);
    await waitFor('status refresh', async () => (await pending()).length === 0);
    // Each 429 is answered by the WebClient's own capped retries, then by the outbox.
    world.fake.failNext(
      'chat.postMessage',
      ...Array.from({ length: 4 }, () => ({ status: 429 as const, retryAfter: 1 })),
    );
    const began = performance.now();
    await slash(world, DANA, `handoff 1 <@${SAM}> Disk full; cleared /tmp`, room);
    expect(performance.now() - began).toBeLessThan(1_000);
    await waitFor('the handoff request', () => mentions(SAM).some((m) => m.text.includes('H1')), 20_000);
    expect(performance.now() - began).toBeGreaterThanOrEqual(1_000);
    await waitFor('every delivery settled', async () => (await pending()).length === 0, 20_000);
    expect(mentions(SAM).filter((m) => m.text.includes('H1'))).toHaveLength(1);
  }, 60_000);
});
