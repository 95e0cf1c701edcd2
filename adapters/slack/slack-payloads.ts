// Parse step of verify → parse → normalise → dispatch (design §5.3): Slack's payloads
// (slash commands, block actions, view submissions, Events API callbacks) become one
// discriminated union. Anything we do not handle is `unsupported`, never a throw.

import { z } from 'zod';

/** Button and modal ids, shared by the renderer and the parser. */
export const ACTION_ACCEPT = 'handoff_accept';
export const ACTION_DECLINE = 'handoff_decline';
export const VIEW_DECLINE = 'handoff_decline_view';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason_input';

export interface HandoffRef {
  incident: number;
  handoff: number;
}

/** Where a button's message is, so it can be updated in place; carried through the modal. */
export interface MessageRef {
  channelId: string;
  ts: string;
  text: string;
}

/** Who pressed a handoff button, and on which message. */
export interface ButtonPress {
  userId: string;
  triggerId: string;
  target: HandoffRef;
  message: MessageRef | undefined;
}

export type SlackInput =
  | { kind: 'command'; userId: string; channelId: string; text: string; triggerId: string }
  | ({ kind: 'accept' } & ButtonPress)
  | ({ kind: 'decline' } & ButtonPress)
  | {
      kind: 'decline.submit';
      userId: string;
      viewId: string;
      target: HandoffRef;
      reason: string;
      message?: MessageRef;
    }
  | { kind: 'message'; eventId: string; userId: string; channelId: string; text: string; fromBot: boolean }
  | { kind: 'mention'; eventId: string; userId: string; channelId: string; ts: string }
  | { kind: 'home'; eventId: string; userId: string }
  | { kind: 'unsupported'; reason: string };

const unsupported = (reason: string): SlackInput => ({ kind: 'unsupported', reason });

/**
 * Slack escapes &, < and > in the text it sends (https://docs.slack.dev/messaging/formatting-message-text).
 * Mentions like <@U123> stay as they are: the command parser reads them.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const CommandBody = z.looseObject({
  command: z.string(),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
});

export function parseSlashCommand(body: unknown): SlackInput {
  const parsed = CommandBody.safeParse(body);
  if (!parsed.success) return unsupported('slash command without user, channel or trigger');
  const c = parsed.data;
  if (c.command !== '/incident') return unsupported(`slash command ${c.command}`);
  return {
    kind: 'command',
    userId: c.user_id,
    channelId: c.channel_id,
    text: decodeSlackText(c.text),
    triggerId: c.trigger_id,
  };
}

const HandoffValue = z.strictObject({
  incident: z.number().int().positive(),
  handoff: z.number().int().positive(),
});

function handoffFrom(json: string | undefined): HandoffRef | undefined {
  if (!json) return undefined;
  try {
    const parsed = HandoffValue.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const ActionBody = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string() }),
  trigger_id: z.string(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
  channel: z.looseObject({ id: z.string() }).optional(),
  message: z.looseObject({ ts: z.string(), text: z.string().default('') }).optional(),
});

export function parseBlockAction(body: unknown): SlackInput {
  const parsed = ActionBody.safeParse(body);
  if (!parsed.success) return unsupported('block action of an unknown shape');
  const b = parsed.data;
  const action = b.actions[0]!;
  const kind =
    action.action_id === ACTION_ACCEPT
      ? 'accept'
      : action.action_id === ACTION_DECLINE
        ? 'decline'
        : undefined;
  const target = handoffFrom(action.value);
  if (!kind || !target) return unsupported(`action ${action.action_id}`);
  const message =
    b.channel && b.message ? { channelId: b.channel.id, ts: b.message.ts, text: b.message.text } : undefined;
  const press: ButtonPress = { userId: b.user.id, triggerId: b.trigger_id, target, message };
  return kind === 'accept' ? { kind, ...press } : { kind, ...press };
}

const Metadata = z.object({
  incident: z.number(),
  handoff: z.number(),
  message: z.object({ channelId: z.string(), ts: z.string(), text: z.string() }).optional(),
});

/** What the decline modal carries from the button to the submission. */
export type DeclineMetadata = z.infer<typeof Metadata>;

const ViewBody = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id: z.string() }),
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.looseObject({
      values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
    }),
  }),
});

export function parseViewSubmission(body: unknown): SlackInput {
  const parsed = ViewBody.safeParse(body);
  if (!parsed.success) return unsupported('view submission of an unknown shape');
  const v = parsed.data.view;
  if (v.callback_id !== VIEW_DECLINE) return unsupported(`view ${v.callback_id}`);
  let meta: DeclineMetadata;
  try {
    const checked = Metadata.safeParse(JSON.parse(v.private_metadata));
    if (!checked.success) return unsupported('decline view without its handoff');
    meta = checked.data;
  } catch {
    return unsupported('decline view without its handoff');
  }
  const reason = v.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? '';
  return {
    kind: 'decline.submit',
    userId: parsed.data.user.id,
    viewId: v.id,
    target: { incident: meta.incident, handoff: meta.handoff },
    reason: reason.trim(),
    ...(meta.message ? { message: meta.message } : {}),
  };
}

const EventBody = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string(),
  event: z.looseObject({
    type: z.string(),
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    channel: z.string().optional(),
    text: z.string().default(''),
    ts: z.string().optional(),
    tab: z.string().optional(),
  }),
});

// Edits, joins and other subtypes are not something a person said just now.
const PLAIN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share', 'bot_message']);

/** An Events API callback; `botUserId` is the app's own user, so its messages are flagged. */
export function parseEventCallback(body: unknown, botUserId: string | undefined): SlackInput {
  const parsed = EventBody.safeParse(body);
  if (!parsed.success) return unsupported('event of an unknown shape');
  const { event_id: eventId, event: e } = parsed.data;
  // The Messages tab opens too; only the Home tab has something for us to draw.
  if (e.type === 'app_home_opened') {
    return e.user && e.tab === 'home'
      ? { kind: 'home', eventId, userId: e.user }
      : unsupported(`app_home_opened on the ${e.tab ?? 'unknown'} tab`);
  }
  if (!e.channel) return unsupported(`${e.type} event without a channel`);
  if (e.type === 'app_mention' && e.user && e.ts) {
    return { kind: 'mention', eventId, userId: e.user, channelId: e.channel, ts: e.ts };
  }
  if (e.type !== 'message' || !PLAIN_SUBTYPES.has(e.subtype)) {
    return unsupported(`${e.type}${e.subtype ? `/${e.subtype}` : ''} event`);
  }
  const fromBot =
    e.bot_id !== undefined || e.subtype === 'bot_message' || (!!botUserId && e.user === botUserId);
  const userId = e.user ?? e.bot_id;
  if (!userId) return unsupported('message without an author');
  return { kind: 'message', eventId, userId, channelId: e.channel, text: decodeSlackText(e.text), fromBot };
}
