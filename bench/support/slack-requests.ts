// Signed Slack requests as Slack sends them: a slash command and a button click, each
// with its own response_url at the fake Slack so its answer can be timed.

import type { FakeSlack } from '../../test/fakes/slack/fake-slack.ts';
import { slackHeaders } from '../../test/fakes/slack/slack-signature.ts';
import { SIGNING_SECRET } from './slack-targets.ts';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

function signed(body: string): SignedRequest {
  return { body, headers: slackHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded') };
}

export function slashCommand(fake: FakeSlack, user: string, text: string, responseId: string): SignedRequest {
  return signed(
    new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: fake.bot.teamId,
      team_domain: 'bench',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/incident',
      text,
      api_app_id: 'A0HANDOFF',
      is_enterprise_install: 'false',
      response_url: fake.responseUrl(responseId),
      trigger_id: `${Date.now()}.${responseId}`,
    }).toString(),
  );
}

/** Where a handoff request was posted: its channel and ts. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

/** `user` presses Accept on the request for handoff `handoff` of incident `incident`, posted at `at`. */
export function acceptClick(
  fake: FakeSlack,
  user: string,
  ref: { incident: number; handoff: number },
  responseId: string,
  at: PostedMessage,
): SignedRequest {
  const team = { id: fake.bot.teamId, domain: 'bench' };
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team.id },
    api_app_id: 'A0HANDOFF',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: at.ts, channel_id: at.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${responseId}`,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: at.channel, name: 'incident' },
    message: { type: 'message', user: fake.bot.userId, ts: at.ts, text: 'handoff', blocks: [] },
    response_url: fake.pressResponseUrl(responseId, at, user),
    actions: [
      {
        type: 'button',
        action_id: 'handoff_accept',
        block_id: 'handoff',
        value: JSON.stringify(ref),
        text: { type: 'plain_text', text: 'Accept' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}
