// The shipped manifest has the shape of Slack's app manifest and grants exactly the scopes
// the adapter's Web API calls need.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/slack-adapter.ts';

const DIR = path.resolve(import.meta.dirname, '../../../adapters/slack');
const manifest = parse(readFileSync(path.join(DIR, 'manifest.yaml'), 'utf8'));

// Slack's documented scope for each method we call (https://docs.slack.dev/reference/methods).
const SCOPE_OF: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'conversations.archive': 'channels:manage',
  'conversations.create': 'channels:manage',
  'conversations.invite': 'channels:manage',
  'conversations.open': 'im:write',
  'pins.add': 'pins:write',
  'views.open': null,
  'views.publish': null,
};

function methodsCalled(): string[] {
  const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  const text = sources.map((f) => readFileSync(path.join(DIR, f), 'utf8')).join('\n');
  return [
    ...new Set(
      [...text.matchAll(/\.(auth|chat|conversations|pins|views)\.([a-zA-Z]+)\(/g)].map(
        (m) => `${m[1]}.${m[2]}`,
      ),
    ),
  ].sort();
}

describe('adapters/slack/manifest.yaml', () => {
  it("has the sections of Slack's app manifest", () => {
    expect(manifest.display_information.name).toBe('Handoff');
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // The Home tab shows /incident mine (issue 15, item 3).
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('sends the command, events and interactivity to /slack/events', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/incident', should_escape: true });
    for (const url of [
      command.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
    ]);
  });

  it('grants the scopes of every Web API method the adapter calls, and no others', () => {
    const called = methodsCalled();
    expect(called.filter((m) => !(m in SCOPE_OF))).toEqual([]);
    const needed = new Set(called.map((m) => SCOPE_OF[m]).filter((s): s is string => !!s));
    for (const scope of ['commands', 'app_mentions:read', 'channels:history']) needed.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
