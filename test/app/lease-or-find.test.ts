// leaseOrFind (src/app/platform-refs.ts): what must be made once across processes is made by
// the lease's holder; the others wait and find it. On the memory store with a manual clock,
// so a lease runs out exactly when the test says.

import { describe, expect, it } from 'vitest';
import { leaseOrFind, platformRefs } from '../../src/app/platform-refs.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { ManualClock } from '../../src/timers/clock.ts';

const LEASE_MS = 30_000;

function setup() {
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const refs = platformRefs(createMemoryStore(), clock, 'slack');
  const made = async () => (await refs.get('thing'))?.id as string | undefined;
  return { clock, refs, made };
}

describe('leaseOrFind', () => {
  it('leases to the first caller; what is made already is found, and the lease is not taken', async () => {
    const { refs, made } = setup();
    expect(await leaseOrFind(refs, 'lease:thing', LEASE_MS, made)).toEqual({ leased: true });
    await refs.put('thing', { id: 'T1' });
    await refs.delete('lease:thing');
    expect(await leaseOrFind(refs, 'lease:thing', LEASE_MS, made)).toEqual({ leased: false, found: 'T1' });
    expect(await refs.get('lease:thing')).toBeNull();
  });

  it('waits while another holds the lease, and finds what the holder made', async () => {
    const { refs, made } = setup();
    expect(await refs.lease('lease:thing', LEASE_MS)).toBe(true); // another process
    const waiting = leaseOrFind(refs, 'lease:thing', LEASE_MS, made);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await refs.put('thing', { id: 'T1' });
    await refs.delete('lease:thing');
    expect(await waiting).toEqual({ leased: false, found: 'T1' });
  });

  it('takes over a lease that ran out (its holder died)', async () => {
    const { clock, refs, made } = setup();
    expect(await refs.lease('lease:thing', LEASE_MS)).toBe(true);
    clock.advance(LEASE_MS - 1);
    expect(await refs.lease('lease:thing', LEASE_MS)).toBe(false);
    clock.advance(2);
    expect(await leaseOrFind(refs, 'lease:thing', LEASE_MS, made)).toEqual({ leased: true });
  });

  it('asks again once leased: a holder that made it and gave back in between is found, not made twice', async () => {
    const { refs } = setup();
    let asked = 0;
    // Nothing at the first look; by the time the lease is taken, the other holder is done.
    const find = async () => (++asked === 1 ? undefined : 'T1');
    expect(await leaseOrFind(refs, 'lease:thing', LEASE_MS, find)).toEqual({ leased: false, found: 'T1' });
    expect(asked).toBe(2);
    expect(await refs.get('lease:thing')).toBeNull(); // given back at once
  });

  it('gives up after twice the lease in real time when nothing moves', async () => {
    const { refs, made } = setup();
    expect(await refs.lease('lease:thing', 100)).toBe(true); // the clock stands still: never runs out
    await expect(leaseOrFind(refs, 'lease:thing', 100, made)).rejects.toThrow(
      'lease:thing has been held by another process for too long',
    );
  });
});
