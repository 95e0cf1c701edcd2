// Issue 13: a room, once linked, stays its incident's. A command typed in it finds its
// incident without asking the database, and the room check after every command (is there a
// channel to create?) reads nothing; the command itself still reads its incident once. A
// channel that is no room is asked about once a minute, and known at once once linked here.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoreTx } from '../../../src/app/ports.ts';
import { NOT_A_ROOM_MS } from '../../../adapters/slack/incident-rooms.ts';
import { waitFor } from '../../support/running-clock.ts';
import { testWorld } from '../../support/world.ts';
import { createSlackWorld, slash, type SlackWorld } from './slack-world.ts';

const DANA = 'U0DANA';
const MARIA = 'U0MARIA';

let world: SlackWorld;
beforeEach(async () => {
  world = await createSlackWorld(testWorld());
});
afterEach(async () => {
  await world.close();
});

/** Counts the store's incident reads from now on (the store itself is untouched). */
function countReads() {
  const reads = { loadIncident: 0, incidentNumberForRoom: 0 };
  // The memory store's autocommit is a transaction: a tx is counted once however it arrives.
  const counted = new WeakSet<StoreTx>();
  const counting = (tx: StoreTx): StoreTx => {
    if (counted.has(tx)) return tx;
    const wrapped: StoreTx = {
      ...tx,
      loadIncident: (n) => (reads.loadIncident++, tx.loadIncident(n)),
      incidentNumberForRoom: (p, r) => (reads.incidentNumberForRoom++, tx.incidentNumberForRoom(p, r)),
    };
    counted.add(wrapped);
    return wrapped;
  };
  const { store } = world;
  const transaction = store.transaction.bind(store);
  const autocommit = store.autocommit.bind(store);
  store.transaction = (fn) => transaction((tx) => fn(counting(tx)));
  store.autocommit = (fn) => autocommit((tx) => fn(counting(tx)));
  return reads;
}

describe('Slack rooms, once linked', () => {
  it("a command in the incident's channel reads the incident once, and never looks the room up", async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    const room = world.fake.channelByName('inc-1-wanderlust-web')!.id;
    const reads = countReads();
    const answered = await slash(world, DANA, 'status', room);
    expect(answered.status).toBe(200);
    expect(String(world.fake.responses.at(-1)?.body.text)).toMatch(/^INC-1/);
    expect(reads).toEqual({ loadIncident: 1, incidentNumberForRoom: 0 });
  });
});

describe('Slack channels that are no room', () => {
  const DM = 'D0DANA';
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are looked up once a minute, not at every command typed in them', async () => {
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    vi.useFakeTimers({ toFake: ['performance'] });
    const reads = countReads();
    await slash(world, DANA, 'INC-1 status', DM);
    await slash(world, DANA, 'INC-1 status', DM);
    expect(reads.incidentNumberForRoom).toBe(1);
    vi.advanceTimersByTime(NOT_A_ROOM_MS + 1);
    await slash(world, DANA, 'INC-1 status', DM);
    expect(reads.incidentNumberForRoom).toBe(2);
    expect(String(world.fake.responses.at(-1)?.body.text)).toMatch(/^INC-1/);
  });

  it('become rooms at once when this process links one', async () => {
    await slash(world, DANA, 'open acme-shop Checkout fails');
    // Opened while Slack is down: INC-2 has no channel yet.
    world.fake.down = true;
    await slash(world, MARIA, 'open wanderlust-web The booking site is down');
    world.fake.down = false;
    // Typed in the channel Slack will give INC-2's room: no room yet, so Dana must say which.
    const next = world.fake.nextChannelId();
    await slash(world, DANA, 'status', next);
    expect(String(world.fake.responses.at(-1)?.body.text)).not.toMatch(/^INC-\d/);
    await slash(world, DANA, 'INC-2 status'); // makes INC-2's room, linked by this process
    await waitFor('the room', () => world.fake.channelByName('inc-2-wanderlust-web')?.id === next);
    const reads = countReads();
    await slash(world, DANA, 'status', next);
    expect(String(world.fake.responses.at(-1)?.body.text)).toMatch(/^INC-2/);
    expect(reads.incidentNumberForRoom).toBe(0);
  });
});
