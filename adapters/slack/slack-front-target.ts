// The Slack adapter's side of the HTTP front thread: a forwarded delivery becomes the event
// Bolt's own HTTP receiver would have made of the request (same body parsing, retry headers),
// and Bolt runs it. The front acknowledged it already, except a modal's submission, whose
// ack (with the form's errors, if any) goes back to the front to answer.

import { parse as parseQuery } from 'node:querystring';
import type { App } from '@slack/bolt';
import type { Logger } from '../../src/app/ports.ts';
import type { InFlight } from './in-flight.ts';
import type { SlackFrontTarget } from './slack-front.ts';
import type { ForwardedDelivery, FrontAnswer } from './slack-front-messages.ts';
import { FORM_TYPE } from './slack-envelope.ts';

/** As Bolt's parseHTTPRequestBody: a form's `payload` is JSON; a form without one is the fields. */
export function boltBody(delivery: ForwardedDelivery): Record<string, unknown> {
  if (delivery.mediaType !== FORM_TYPE) return JSON.parse(delivery.text) as Record<string, unknown>;
  const fields = parseQuery(delivery.text);
  return typeof fields.payload === 'string'
    ? (JSON.parse(fields.payload) as Record<string, unknown>)
    : (fields as Record<string, unknown>);
}

/** Bolt's ack argument as the HTTP answer its receiver would give (buildContentResponse). */
function ackAnswer(response: unknown): FrontAnswer {
  if (!response) return { status: 200, body: '' };
  if (typeof response === 'string') return { status: 200, body: response };
  return { status: 200, body: JSON.stringify(response), contentType: 'application/json' };
}

export function createFrontTarget(deps: {
  path: string;
  signingSecret: string;
  bolt(): App | undefined;
  botUserId(): string | undefined;
  inflight: InFlight;
  logger: Logger;
}): SlackFrontTarget & { started(): void } {
  const waitingForStart: Array<(botUserId: string | undefined) => void> = [];
  return {
    path: deps.path,
    signingSecret: deps.signingSecret,
    onReady(listener) {
      if (deps.bolt()) listener(deps.botUserId());
      else waitingForStart.push(listener);
    },
    started() {
      for (const listener of waitingForStart.splice(0)) listener(deps.botUserId());
    },
    idle: () => deps.inflight.idle(),
    receive(delivery, answer) {
      const app = deps.bolt();
      let acked = false;
      const answerOnce = (answered: FrontAnswer) => {
        if (acked) return false;
        acked = true;
        answer?.(answered);
        return true;
      };
      if (!app) return void answerOnce({ status: 503, body: '' });
      let body: Record<string, unknown>;
      try {
        body = boltBody(delivery);
      } catch {
        // The front parsed this very text before forwarding it; kept for safety's sake.
        return void answerOnce({ status: 400, body: '' });
      }
      const ack = async (response?: unknown) => {
        if (!answerOnce(ackAnswer(response)) && answer) {
          throw new Error('Cannot acknowledge an event multiple times.');
        }
      };
      const work = app.processEvent({
        body,
        ack,
        ...(delivery.retryNum !== undefined ? { retryNum: delivery.retryNum } : {}),
        ...(delivery.retryReason !== undefined ? { retryReason: delivery.retryReason } : {}),
        customProperties: {},
      });
      deps.inflight.track(work).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error({ error: message.slice(0, 200) }, 'slack request failed inside Bolt');
        answerOnce({ status: 400, body: '' });
      });
    },
  };
}
