// The parts of Bolt Handoff uses, each loaded from its own module instead of from
// '@slack/bolt'. That index also loads the receivers Handoff never starts, ExpressReceiver
// (express, body-parser, qs, router … about 60 modules) and AwsLambdaReceiver, into every
// process that talks to Slack (issue 13: resident memory idle ≤ 150 MB). They are the same
// modules the index re-exports, so `instanceof` and Bolt's own checks see the same classes.
// Types still come from '@slack/bolt' (a type import loads nothing).

import { createRequire } from 'node:module';
import type * as Bolt from '@slack/bolt';
import { deferModule } from './deferred-module.ts';

// Resolved from Bolt's own folder: the web API client Bolt itself uses, wherever npm put it.
const boltRequire = createRequire(createRequire(import.meta.url).resolve('@slack/bolt'));

// Loaded by Bolt's receivers, used only in Socket Mode and for OAuth installs: until then,
// 8–9 MB less resident memory in a bare node (deferred-module.ts).
deferModule(boltRequire, '@slack/socket-mode');
deferModule(boltRequire, '@slack/oauth');

const app = boltRequire('./App.js') as { default: typeof Bolt.App; LogLevel: typeof Bolt.LogLevel };

export const App = app.default;
export type App = Bolt.App;
export const LogLevel = app.LogLevel;
export type LogLevel = Bolt.LogLevel;
export const HTTPReceiver = (
  boltRequire('./receivers/HTTPReceiver.js') as { default: typeof Bolt.HTTPReceiver }
).default;
export type HTTPReceiver = Bolt.HTTPReceiver;
export const SocketModeReceiver = (
  boltRequire('./receivers/SocketModeReceiver.js') as { default: typeof Bolt.SocketModeReceiver }
).default;
export type SocketModeReceiver = Bolt.SocketModeReceiver;
export const HTTPModuleFunctions = boltRequire(
  './receivers/HTTPModuleFunctions.js',
) as typeof Bolt.HTTPModuleFunctions;
export const webApi = boltRequire('@slack/web-api') as typeof Bolt.webApi;
