// The timer and backup settings (issue 4): defaults, and what a mistake says.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('timer settings', () => {
  it('default to in-process timers, a 1 min reconciliation, a 30 s delivery lease and daily backups, 7 kept, in the data folder', () => {
    expect(loadConfig({ HANDOFF_DATA_DIR: 'somewhere' }).timers).toEqual({
      reconcileEveryMs: 60_000,
      deliveryLeaseMs: 30_000,
      backup: { everyMs: 86_400_000, dir: path.resolve('somewhere', 'backups'), keep: 7 },
    });
  });

  it('read REDIS_URL, its prefix, the delivery lease and the backup settings', () => {
    const timers = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'handoff-staging',
      RECONCILE_EVERY: '30s',
      DELIVERY_LEASE: '2m',
      BACKUP_EVERY: '6h',
      BACKUP_DIR: '/var/backups/handoff',
      BACKUP_KEEP: '30',
    }).timers;
    expect(timers).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'handoff-staging',
      reconcileEveryMs: 30_000,
      deliveryLeaseMs: 120_000,
      backup: { everyMs: 21_600_000, dir: '/var/backups/handoff', keep: 30 },
    });
  });

  it('say how to write a bad value', () => {
    expect(() => loadConfig({ REDIS_URL: '127.0.0.1:6379' })).toThrow(
      'REDIS_URL must be a Redis URL like redis://127.0.0.1:6379',
    );
    expect(() => loadConfig({ BACKUP_KEEP: 'all' })).toThrow(
      'BACKUP_KEEP must be a whole number of backups to keep, like 7',
    );
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow('BACKUP_KEEP must be at least 1');
    expect(() => loadConfig({ REDIS_PREFIX: 'handoff:staging' })).toThrow(
      "REDIS_PREFIX must be letters, digits, '-', '_' or '.', like handoff-staging",
    );
    expect(() => loadConfig({ DELIVERY_LEASE: '0s' })).toThrow('DELIVERY_LEASE must be longer than 0');
    expect(() => loadConfig({ BACKUP_EVERY: 'daily' })).toThrow(
      'BACKUP_EVERY must be a duration like 10m, 90s, 1h30m or 2d (got "daily")',
    );
  });
});
