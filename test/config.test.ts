import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY, loadConfig, pgliteOnMainThread } from '../src/config.ts';
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

  it('acknowledges Slack from a thread of its own on either database, unless told otherwise', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    const postgres = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/handoff' };
    expect(loadConfig(slack).slack?.ackThread).toBe(true);
    expect(loadConfig({ ...slack, ...postgres }).slack?.ackThread).toBe(true);
    expect(loadConfig({ ...slack, ...postgres, SLACK_ACK_THREAD: 'off' }).slack?.ackThread).toBe(false);
    expect(loadConfig({ ...slack, SLACK_ACK_THREAD: 'off' }).slack?.ackThread).toBe(false);
    expect(loadConfig({ ...slack, ...postgres, SLACK_ACK_THREAD: 'on' }).slack?.ackThread).toBe(true);
    expect(() => loadConfig({ ...slack, SLACK_ACK_THREAD: 'yes' })).toThrow(
      'SLACK_ACK_THREAD must be on or off (unset: on)',
    );
  });

  it('serves a PGlite folder from the main thread only behind the ack thread of Slack over HTTP', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    const postgres = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/handoff' };
    expect(pgliteOnMainThread(loadConfig(slack))).toBe(true);
    expect(pgliteOnMainThread(loadConfig({ ...slack, SLACK_ACK_THREAD: 'off' }))).toBe(false);
    expect(pgliteOnMainThread(loadConfig({ ...slack, SLACK_APP_TOKEN: 'xapp-1' }))).toBe(false);
    expect(pgliteOnMainThread(loadConfig({ ...slack, ...postgres }))).toBe(false);
    expect(pgliteOnMainThread(loadConfig({}))).toBe(false);
    expect(
      pgliteOnMainThread(
        loadConfig({
          DISCORD_TOKEN: 't',
          DISCORD_APP_ID: '123456789012345678',
          DISCORD_GUILD_ID: '223456789012345678',
          DISCORD_INCIDENT_CHANNEL: '323456789012345678',
        }),
      ),
    ).toBe(false);
  });

  it('lowers the work threads to niceness 10 behind the ack thread, or what SLACK_WORK_NICENESS says', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(loadConfig(slack).slack?.workNiceness).toBe(10);
    expect(loadConfig({ ...slack, SLACK_WORK_NICENESS: '' }).slack?.workNiceness).toBe(10);
    expect(loadConfig({ ...slack, SLACK_WORK_NICENESS: '0' }).slack?.workNiceness).toBe(0);
    expect(loadConfig({ ...slack, SLACK_WORK_NICENESS: '19' }).slack?.workNiceness).toBe(19);
    for (const wrong of ['20', '-1', '2.5', 'low'])
      expect(() => loadConfig({ ...slack, SLACK_WORK_NICENESS: wrong })).toThrow(
        "SLACK_WORK_NICENESS must be a whole number from 0 (the work keeps the process's priority) to 19, like 10 (the default)",
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

  // issue 15: every env error names the variable once, says what is wrong, gives an example.
  const problem = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as Error).message;
    }
    throw new Error('expected loadConfig to refuse');
  };

  it('names the variable once in each problem', () => {
    const message = problem({ ACK_REMIND: 'soon' });
    expect(message).toContain('ACK_REMIND must be a duration like 10m, 90s, 1h30m or 2d (got "soon")');
    expect(message.match(/ACK_REMIND/g)).toHaveLength(1);
  });

  it('says why a zero duration is refused instead of calling 0m not a duration', () => {
    const message = problem({ ACK_REMIND: '0m' });
    expect(message).not.toContain('must be a duration like');
    expect(message).toContain('ACK_REMIND must be longer than 0 (got "0m")');
    expect(message).toMatch(/; e\.g\. 10m$/);
    expect(message.match(/ACK_REMIND/g)).toHaveLength(1);
    // A bare 0 is the same mistake, answered the same way.
    expect(problem({ BACKUP_EVERY: '0' })).toContain('BACKUP_EVERY must be longer than 0 (got "0")');
  });

  it("answers a bad LOG_LEVEL in its own words, not zod's", () => {
    const message = problem({ LOG_LEVEL: 'loud' });
    expect(message).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud"), e.g. debug',
    );
    expect(message).not.toMatch(/Invalid option|expected one of/i);
  });

  it('blames PORT, not Slack, for a bad port when Slack is not configured', () => {
    const message = problem({ PORT: '99999' });
    expect(message).not.toMatch(/slack/i);
    expect(message).toContain('PORT must be a port number between 0 and 65535 (got "99999"), e.g. 3000');
    expect(message.match(/PORT/g)).toHaveLength(1);
  });

  it('lists the problems of every section together, each once', () => {
    const message = problem({ PORT: 'x', LOG_LEVEL: 'loud', BACKUP_KEEP: '0', SLACK_BOT_TOKEN: 'abc' });
    for (const name of ['PORT', 'LOG_LEVEL', 'BACKUP_KEEP', 'SLACK_BOT_TOKEN']) {
      expect(message.match(new RegExp(`\\b${name}\\b`, 'g'))).toHaveLength(1);
    }
    expect(message).toMatch(/^Handoff can't start: 4 settings need fixing:\n/);
  });
});
