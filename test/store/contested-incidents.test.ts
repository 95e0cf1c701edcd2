// The incidents a store reads first, not decided on its own copy, after it saw another
// process change them (known-copies.ts): for a minute after the last time it saw that.

import { describe, expect, it } from 'vitest';
import { ContestedIncidents } from '../../src/store/known-copies.ts';

describe('contested incidents', () => {
  it('are read first for a minute after the last change seen elsewhere', () => {
    let now = 0;
    const contested = new ContestedIncidents(() => now);
    expect(contested.has(1)).toBe(false);
    contested.mark(1);
    now = 59_999;
    expect(contested.has(1)).toBe(true);
    contested.mark(1); // seen again: another minute from now
    now = 119_998;
    expect(contested.has(1)).toBe(true);
    now = 119_999;
    expect(contested.has(1)).toBe(false);
  });

  it('forget the ones whose minute is over, so a long-running process keeps none of them', () => {
    let now = 0;
    const contested = new ContestedIncidents(() => now);
    for (let n = 1; n <= 1000; n++) contested.mark(n);
    now = 60_000;
    contested.mark(1001);
    expect(contested.size).toBe(1);
    expect(contested.has(1001)).toBe(true);
  });
});
