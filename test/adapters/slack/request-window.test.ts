import { describe, expect, it } from 'vitest';
import { withinFutureWindow } from '../../../adapters/slack/request-window.ts';

const NOW = 1_800_000_000_000;

describe('withinFutureWindow', () => {
  it('accepts now, the past and up to 5 minutes ahead; refuses further ahead', () => {
    expect(withinFutureWindow(String(NOW / 1000), NOW)).toBe(true);
    expect(withinFutureWindow(String(NOW / 1000 - 3600), NOW)).toBe(true);
    expect(withinFutureWindow(String(NOW / 1000 + 300), NOW)).toBe(true);
    expect(withinFutureWindow(String(NOW / 1000 + 301), NOW)).toBe(false);
    expect(withinFutureWindow([String(NOW / 1000 + 600)], NOW)).toBe(false);
  });

  it('leaves a missing or malformed header to Bolt, which refuses it', () => {
    expect(withinFutureWindow(undefined, NOW)).toBe(true);
    expect(withinFutureWindow('soon', NOW)).toBe(true);
  });
});
