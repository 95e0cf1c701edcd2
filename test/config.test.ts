import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY, loadConfig } from '../src/config.ts';
import { ValidationError } from '../src/domain/errors.ts';

describe('config', () => {
  it('defaults to the embedded database in ./data and the example directory', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data', 'pglite') });
    expect(config.directoryFile).toBe(EXAMPLE_DIRECTORY);
    expect(config.settings).toEqual({
      ackRemindMs: 600_000,
      ackEscalateMs: 1_800_000,
      updateEveryMs: 1_800_000,
      updateBackoffMaxMs: 28_800_000,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and the directory from env or flag', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/handoff',
      HANDOFF_DIRECTORY: 'a.yaml',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://postgres@127.0.0.1:5432/handoff',
    });
    expect(config.directoryFile).toBe(path.resolve('a.yaml'));
    expect(loadConfig({ HANDOFF_DIRECTORY: 'a.yaml' }, { directoryFile: 'b.yaml' }).directoryFile).toBe(
      path.resolve('b.yaml'),
    );
  });

  it('reads durations in the units people write', () => {
    expect(loadConfig({ ACK_REMIND: '90s', ACK_ESCALATE: '1h30m', UPDATE_EVERY: '2h' }).settings).toEqual({
      ackRemindMs: 90_000,
      ackEscalateMs: 5_400_000,
      updateEveryMs: 7_200_000,
      updateBackoffMaxMs: 28_800_000,
    });
    expect(loadConfig({ UPDATE_BACKOFF_MAX: '12h' }).settings.updateBackoffMaxMs).toBe(43_200_000);
    // Unset, the cap follows a long UPDATE_EVERY instead of refusing to start ("UPDATE_BACKOFF_MAX (undefined)").
    expect(loadConfig({ UPDATE_EVERY: '12h' }).settings.updateBackoffMaxMs).toBe(43_200_000);
  });

  it('says how to fix a bad client-update backoff', () => {
    expect(() => loadConfig({ UPDATE_BACKOFF_MAX: 'forever' })).toThrow(
      /UPDATE_BACKOFF_MAX must be a duration like 10m, 90s, 1h30m or 2d \(got "forever"\)/,
    );
    expect(() => loadConfig({ UPDATE_EVERY: '1h', UPDATE_BACKOFF_MAX: '30m' })).toThrow(
      /UPDATE_BACKOFF_MAX \(30m\) must be at least UPDATE_EVERY \(1h\)/,
    );
    // Equal is allowed: the reminders then come at a fixed pace, without backing off.
    expect(loadConfig({ UPDATE_EVERY: '1h', UPDATE_BACKOFF_MAX: '1h' }).settings.updateBackoffMaxMs).toBe(
      3_600_000,
    );
  });

  it('lists every problem with how to fix it', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', ACK_REMIND: 'soon' });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(
      /DATABASE_URL must be a PostgreSQL URL like postgresql:\/\/user@host:5432\/handoff/,
    );
    expect(attempt).toThrow(/ACK_REMIND must be a duration like 10m, 90s, 1h30m or 2d \(got "soon"\)/);
  });

  it('refuses an escalation that would come before the reminder', () => {
    expect(() => loadConfig({ ACK_REMIND: '30m', ACK_ESCALATE: '10m' })).toThrow(
      /ACK_ESCALATE \(10m\) must be later than ACK_REMIND \(30m\)/,
    );
  });
});
