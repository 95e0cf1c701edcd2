// The baseline for the Slack load bench: a bare Bolt 5 app on its own HTTP receiver whose
// handlers only acknowledge. Run as its own process: PORT and SLACK_SIGNING_SECRET from env.

import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

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
});
app.action(/.*/, async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
console.log('bare bolt ready');
