// The Slack adapter's side of the HTTP front thread: a forwarded delivery becomes the event
// Bolt's own HTTP receiver would have made of the request (its own functions parse the body
// and read the retry headers), and Bolt runs it. The front acknowledged it already, except
// a modal's submission, whose ack (with the form's errors, if any) goes back to the front.

import type { App, BufferedIncomingMessage } from '@slack/bolt';
import { HTTPModuleFunctions } from './bolt-parts.ts';
import type { Logger } from '../../src/app/ports.ts';
import type { InFlight } from './in-flight.ts';
import type { SlackFrontTarget } from './slack-front.ts';
import type { ForwardedDelivery, FrontAnswer } from './slack-front-messages.ts';

/** The request as Bolt's receiver functions read it: the buffered body and the headers. */
function asBuffered(delivery: ForwardedDelivery): BufferedIncomingMessage {
  const { body, headers } = delivery;
  const rawBody = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { rawBody, headers } as unknown as BufferedIncomingMessage;
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
      const req = asBuffered(delivery);
      let body: Record<string, unknown>;
      try {
        body = HTTPModuleFunctions.parseHTTPRequestBody(req) as Record<string, unknown>;
      } catch {
        // The front parsed this very text before forwarding it; kept for safety's sake.
        return void answerOnce({ status: 400, body: '' });
      }
      const ack = async (response?: unknown) => {
        if (!answerOnce(ackAnswer(response)) && answer) {
          throw new Error('Cannot acknowledge an event multiple times.');
        }
      };
      const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
      const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req);
      const work = app.processEvent({
        body,
        ack,
        ...(retryNum !== undefined ? { retryNum } : {}),
        ...(retryReason !== undefined ? { retryReason } : {}),
        customProperties: {},
      });
      return deps.inflight.track(work).then(
        () => undefined,
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          deps.logger.error({ error: message.slice(0, 200) }, 'slack request failed inside Bolt');
          answerOnce({ status: 400, body: '' });
        },
      );
    },
  };
}
