// What the Slack handlers share once the adapter is built: the Web API client, the core
// (attached after it is built, because the core takes our notifier), and how hard to retry.

import type { webApi } from '@slack/bolt';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger } from '../../src/app/ports.ts';

export type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackRuntime {
  client: WebClient;
  logger: Logger;
  /** The core; throws until attach(app) was called. */
  app(): HandoffApp;
  /** The bot's own Slack user id, known after start() (auth.test). */
  botUserId(): string | undefined;
  /** Attempts and base delay for Slack's transient errors (not 429: the WebClient retries those). */
  retry: { attempts: number; delayMs: number };
}
