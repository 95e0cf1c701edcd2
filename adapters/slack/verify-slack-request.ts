// Verify step of verify → parse → normalise → dispatch (design §5.3): a pure function of
// the raw body, the headers, the signing secret and `now`, run before anything reads the
// body. Slack signs the exact bytes: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>").
// https://docs.slack.dev/authentication/verifying-requests-from-slack

import { createHmac, timingSafeEqual } from 'node:crypto';
import { withinFutureWindow } from './request-window.ts';

/** Slack's replay window, on both sides of now. */
const WINDOW_SECONDS = 5 * 60;

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface SlackRequestToVerify {
  body: Buffer;
  /** Node's lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>;
  signingSecret: string;
  nowMs: number;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);

export function verifySlackRequest(request: SlackRequestToVerify): Verdict {
  const timestamp = single(request.headers['x-slack-request-timestamp']);
  const signature = single(request.headers['x-slack-signature']);
  if (timestamp === undefined || signature === undefined) return refuse('no Slack signature');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse('a malformed Slack timestamp');
  if (Math.floor(request.nowMs / 1000) - Number(timestamp) > WINDOW_SECONDS)
    return refuse('a stale timestamp');
  if (!withinFutureWindow(timestamp, request.nowMs)) return refuse('a timestamp in the future');
  const expected = Buffer.from(
    `v0=${createHmac('sha256', request.signingSecret)
      .update(`v0:${timestamp}:`)
      .update(request.body)
      .digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('a bad signature');
  return { ok: true };
}

const refuse = (reason: string): Verdict => ({ ok: false, reason });
