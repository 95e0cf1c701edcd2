// How Slack signs a request (https://docs.slack.dev/authentication/verifying-requests-from-slack),
// written once for the tests and the bench that play Slack: v0=HMAC-SHA256(secret,
// "v0:<timestamp>:<body>"), over the exact bytes sent. Kept apart from the adapter's
// verify-slack-request.ts on purpose: a test that signed with the code under test would
// agree with it whatever it did.

import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

/** The headers Slack sends with `body`, signed now (or at `timestamp`, seconds since the epoch). */
export function slackHeaders(
  secret: string,
  body: string | Buffer,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}
