// The baselines for the Slack load bench: a bare Bolt 5 app on its own HTTP receiver whose
// handlers only acknowledge, run as its own process (PORT and SLACK_SIGNING_SECRET from env).
// Plain JavaScript, so no TypeScript loader's thread (about 36 MB) is counted in its memory.
//
// With BARE_PGLITE_DIR it also serves the embedded database as Handoff does, with Handoff's
// own compiled code (`.build/`, which `npm run bench` and `npm test` make first: its thread,
// its settings, WebAssembly on the baseline compiler, marking on the main thread, the small
// heap), on a new folder there, and each command asks it `select 1` after the ack: what any
// Bolt app on PGlite costs at least, the floor under Handoff's memory on PGlite (issue 13).

import { join } from 'node:path';
import slackBolt from '@slack/bolt';
import pg from 'pg';
import { useHandoffV8Settings } from '../../src/bin/v8-settings.mjs';

const { App, HTTPReceiver, LogLevel } = slackBolt;

/** Serves PGlite in `dir` with Handoff's own code (its build); a pool of one connection to it. */
async function servePGlite(dir) {
  // As the handoff command does first; startPGliteThread keeps the small heap once its thread is up.
  useHandoffV8Settings();
  const { startPGliteThread } = await import('../../.build/src/store/pglite-thread.js');
  const served = await startPGliteThread(join(dir, 'db'), (error) => {
    console.error(error);
    process.exit(1);
  });
  const pool = new pg.Pool({ connectionString: served.url, max: 1 });
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
