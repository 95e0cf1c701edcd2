// Bolt's parts come from their own modules (adapters/slack/bolt-parts.ts): the Slack adapter
// loads neither Bolt's index nor the receivers behind it that Handoff never starts (issue 13:
// memory), and what it gets are the very classes the index exports.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as Bolt from '@slack/bolt';
import { expect, it } from 'vitest';
import * as parts from '../../../adapters/slack/bolt-parts.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

it("are Bolt's own classes and functions", () => {
  expect(parts.App).toBe(Bolt.App);
  expect(parts.HTTPReceiver).toBe(Bolt.HTTPReceiver);
  expect(parts.SocketModeReceiver).toBe(Bolt.SocketModeReceiver);
  expect(parts.LogLevel).toBe(Bolt.LogLevel);
  expect(parts.webApi.WebClient).toBe(Bolt.webApi.WebClient);
  expect(parts.HTTPModuleFunctions.parseHTTPRequestBody).toBe(Bolt.HTTPModuleFunctions.parseHTTPRequestBody);
});

it("leave Bolt's index and Express unloaded in a process that runs the Slack adapter", () => {
  // A process of its own: this one has loaded Bolt's index above.
  const script = `
    import { createRequire } from 'node:module';
    await import('./adapters/slack/slack-adapter.ts');
    await import('./adapters/slack/slack-front-target.ts');
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      index: loaded.filter((f) => f.endsWith('/@slack/bolt/dist/index.js')),
      express: loaded.filter((f) => f.includes('/node_modules/express/')),
      app: loaded.filter((f) => f.endsWith('/@slack/bolt/dist/App.js')).length,
      // Required by Bolt's receivers, used only in Socket Mode and for OAuth: what the
      // packages load (their entries in the cache are stand-ins: deferred-module.ts).
      deferred: loaded.filter((f) =>
        ['undici/', 'jsonwebtoken/', '@slack/socket-mode/dist/src/SocketModeClient.js', '@slack/oauth/dist/errors.js']
          .some((p) => f.includes('/node_modules/' + p)),
      ),
    }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({
    index: [],
    express: [],
    app: 1,
    deferred: [],
  });
});

it('load Socket Mode when a Socket Mode receiver is made, and it is the real client', () => {
  const script = `
    import { createRequire } from 'node:module';
    const { SocketModeReceiver } = await import('./adapters/slack/bolt-parts.ts');
    const receiver = new SocketModeReceiver({ appToken: 'xapp-1-test' });
    const require = createRequire(import.meta.url);
    const real = require(require.resolve('@slack/socket-mode', { paths: [require.resolve('@slack/bolt')] }));
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({
      real: receiver.client instanceof real.SocketModeClient,
      undici: loaded.some((f) => f.includes('/node_modules/undici/')),
    }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual({ real: true, undici: true });
});
