// The parser is pure: Slack's documented payloads in, our union out, `unsupported` for the rest.

import { describe, expect, it } from 'vitest';
import {
  decodeSlackText,
  parseBlockAction,
  parseEventCallback,
  parseSlashCommand,
  parseViewSubmission,
} from '../../../adapters/slack/slack-payloads.ts';

const command = { command: '/incident', user_id: 'U1', channel_id: 'C1', trigger_id: 'T1', text: '' };

describe('slack payloads', () => {
  it('decodes &amp; &lt; &gt; and keeps mentions', () => {
    expect(decodeSlackText('handoff 1 <@U02SAM> a &lt;b&gt; &amp;amp; c')).toBe(
      'handoff 1 <@U02SAM> a <b> &amp; c',
    );
  });

  it('reads /incident and decodes its text', () => {
    expect(parseSlashCommand({ ...command, text: 'update up &amp; running' })).toEqual({
      kind: 'command',
      userId: 'U1',
      channelId: 'C1',
      text: 'update up & running',
      triggerId: 'T1',
    });
  });

  it('calls other commands and broken bodies unsupported', () => {
    expect(parseSlashCommand({ ...command, command: '/other' }).kind).toBe('unsupported');
    expect(parseSlashCommand({ command: '/incident' }).kind).toBe('unsupported');
    expect(parseSlashCommand(null).kind).toBe('unsupported');
  });

  it('reads handoff buttons and ignores buttons that are not ours', () => {
    const press = (action_id: string, value: string) => ({
      type: 'block_actions',
      user: { id: 'U2' },
      trigger_id: 'T2',
      actions: [{ action_id, value }],
      channel: { id: 'C1' },
      message: { ts: '1.2', text: 'hi' },
    });
    expect(parseBlockAction(press('handoff_accept', '{"incident":1,"handoff":2}'))).toMatchObject({
      kind: 'accept',
      target: { incident: 1, handoff: 2 },
      message: { channelId: 'C1', ts: '1.2', text: 'hi' },
    });
    expect(parseBlockAction(press('other', '{"incident":1,"handoff":2}')).kind).toBe('unsupported');
    expect(parseBlockAction(press('handoff_accept', 'not json')).kind).toBe('unsupported');
  });

  it('reads the decline modal, trimming the reason', () => {
    const view = (metadata: string) => ({
      type: 'view_submission',
      user: { id: 'U2' },
      view: {
        id: 'V1',
        callback_id: 'handoff_decline_view',
        private_metadata: metadata,
        state: { values: { reason: { reason_input: { value: '  not ours  ' } } } },
      },
    });
    expect(parseViewSubmission(view('{"incident":1,"handoff":2}'))).toMatchObject({
      reason: 'not ours',
      target: { handoff: 2 },
    });
    expect(parseViewSubmission(view('garbage')).kind).toBe('unsupported');
  });

  it('reads messages and mentions; edits, joins and channel-less events are unsupported', () => {
    const event = (e: object) => ({ type: 'event_callback', event_id: 'Ev1', event: e });
    expect(
      parseEventCallback(event({ type: 'message', user: 'U1', channel: 'C1', text: 'a &amp; b' }), 'UBOT'),
    ).toEqual({
      kind: 'message',
      eventId: 'Ev1',
      userId: 'U1',
      channelId: 'C1',
      text: 'a & b',
      fromBot: false,
    });
    expect(
      parseEventCallback(event({ type: 'message', user: 'UBOT', channel: 'C1', text: 'x' }), 'UBOT'),
    ).toMatchObject({ fromBot: true });
    expect(
      parseEventCallback(event({ type: 'message', subtype: 'message_changed', channel: 'C1' }), 'UBOT').kind,
    ).toBe('unsupported');
    expect(
      parseEventCallback(
        event({ type: 'message', subtype: 'channel_join', user: 'U1', channel: 'C1' }),
        'UBOT',
      ).kind,
    ).toBe('unsupported');
    expect(
      parseEventCallback(event({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1.1' }), 'UBOT').kind,
    ).toBe('mention');
    expect(parseEventCallback(event({ type: 'reaction_added', user: 'U1' }), 'UBOT').kind).toBe(
      'unsupported',
    );
  });
});
