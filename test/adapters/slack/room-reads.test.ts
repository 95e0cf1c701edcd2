// Issue 13: a room, once linked, stays its incident's. A command typed in it finds its
// incident without asking the database, and the room check after every command (is there a
// channel to create?) reads nothing; the command itself still reads its incident once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreTx } from '../../../src/app/ports.ts';
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
