// Which Slack deliveries we listen to, and the order of work for each: ack at once (Slack
// allows 3 s), parse, then hand the parsed input over. Views ack last: a missing reason
// must keep the modal open with an error.

import type { App } from '@slack/bolt';
import type { InFlight } from './in-flight.ts';
import type { ViewAck } from './slack-buttons.ts';
import type { Respond } from './slack-commands.ts';
import {
  ACTION_ACCEPT,
  ACTION_DECLINE,
  VIEW_DECLINE,
  parseBlockAction,
  parseEventCallback,
  parseSlashCommand,
  parseViewSubmission,
  type SlackInput,
} from './slack-payloads.ts';

export interface SlackDispatch {
  /** Handles one parsed input; `respond` is set when it came with a response_url (commands, presses). */
  dispatch(input: SlackInput, respond?: Respond): Promise<void>;
  submitDecline(input: Extract<SlackInput, { kind: 'decline.submit' }>, ack: ViewAck): Promise<void>;
  onError(error: Error): void;
  botUserId(): string | undefined;
}

export function registerListeners(app: App, inflight: InFlight, to: SlackDispatch): void {
  // First in the chain, so a request counts as in flight from the moment it is acknowledged.
  app.use(async ({ next }) => {
    await inflight.track(next());
  });
  app.command('/incident', async ({ ack, body, respond }) => {
    await ack();
    await to.dispatch(parseSlashCommand(body), respond as Respond);
  });
  for (const id of [ACTION_ACCEPT, ACTION_DECLINE]) {
    app.action(id, async ({ ack, body, respond }) => {
      await ack();
      await to.dispatch(parseBlockAction(body), respond as Respond | undefined);
    });
  }
  app.view(VIEW_DECLINE, async ({ ack, body }) => {
    const input = parseViewSubmission(body);
    if (input.kind !== 'decline.submit') return ack();
    await to.submitDecline(input, ack as ViewAck);
  });
  // Bolt acknowledges events itself before any listener runs.
  app.event('message', async ({ body }) => to.dispatch(parseEventCallback(body, to.botUserId())));
  app.event('app_mention', async ({ body }) => to.dispatch(parseEventCallback(body, to.botUserId())));
  app.event('app_home_opened', async ({ body }) => to.dispatch(parseEventCallback(body, to.botUserId())));
  app.error(async (error) => to.onError(error));
}
