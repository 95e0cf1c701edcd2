// The baselines for the Slack load bench: a bare Bolt 5 app on its own HTTP receiver whose
// handlers only acknowledge, run as its own process (PORT and SLACK_SIGNING_SECRET from env).
// Plain JavaScript, so no TypeScript loader's thread (about 36 MB) is counted in its memory.
//
// With BARE_PGLITE_DIR it also serves the embedded database as Handoff does (its thread,
// its settings, WebAssembly on the baseline compiler), on a new folder there, and each
// command asks it `select 1` after the ack: what any Bolt app on PGlite costs at least, the
// floor under Handoff's memory on PGlite (issue 13).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import slackBolt from '@slack/bolt';
import pg from 'pg';
import { useBaselineWasmOnly } from '../../src/bin/wasm-tiering.mjs';

const { App, HTTPReceiver, LogLevel } = slackBolt;

/** Serves PGlite on a Unix socket in `dir` from Handoff's own worker; a pool of one connection to it. */
async function servePGlite(dir) {
  useBaselineWasmOnly();
  const dataDir = join(dir, 'db');
  const init = new URL('../../src/store/pglite-init.mjs', import.meta.url);
  const created = spawnSync(process.execPath, [init.pathname, dataDir], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`PGlite folder not created: ${created.stderr}`);
  const worker = new Worker(new URL('../../src/store/pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, socketPath: join(dir, '.s.PGSQL.5432') },
  });
  const message = await new Promise((resolve) => worker.once('message', resolve));
  if (!message.listening) throw new Error(`PGlite did not start: ${message.error}`);
  const pool = new pg.Pool({ host: dir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  await pool.query('select 1');
  return pool;
}

const pool = process.env.BARE_PGLITE_DIR ? await servePGlite(process.env.BARE_PGLITE_DIR) : undefined;

const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
});
const app = new App({
  receiver,
  token: 'xoxb-bare-bolt',
  tokenVerificationEnabled: false,
  botId: 'B0BARE',
  botUserId: 'U0BARE',
  logLevel: LogLevel.ERROR,
});
app.command('/incident', async ({ ack }) => {
  await ack();
  await pool?.query('select 1');
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
console.log('bare bolt ready');
