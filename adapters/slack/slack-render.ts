// Block Kit rendering: every message has blocks for Slack's clients and the same words in
// `text`, the plain fallback Slack uses for notifications and screen readers.

import type { types } from '@slack/bolt';
import type { IncidentView, PersonView } from '../../src/app/incident-view.ts';
import {
  ACTION_ACCEPT,
  ACTION_DECLINE,
  REASON_BLOCK,
  REASON_INPUT,
  VIEW_DECLINE,
  type DeclineMetadata,
  type HandoffRef,
} from './slack-payloads.ts';

type KnownBlock = types.KnownBlock;

// Slack limits a section's text to 3000 characters and private_metadata to 3000.
const SECTION_LIMIT = 2900;

/** Escapes &, < and > so people's words never turn into links or mentions by accident. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (text: string, limit = SECTION_LIMIT) =>
  text.length > limit ? `${text.slice(0, limit - 1)}…` : text;

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

export const mention = (slackId: string) => `<@${slackId}>`;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text) } };
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A notification for someone on Slack: their mention first, then the core's words. */
export function notificationMessage(slackId: string, text: string, handoff?: HandoffRef): SlackMessage {
  const body = `${mention(slackId)} ${escapeText(text)}`;
  if (!handoff) return { text: body, blocks: [section(body)] };
  const value = JSON.stringify(handoff);
  const button = (label: string, actionId: string, style: 'primary' | 'danger') => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: label },
    action_id: actionId,
    value,
    style,
  });
  return {
    text: body,
    blocks: [
      section(body),
      {
        type: 'actions' as const,
        block_id: `handoff-${handoff.incident}-${handoff.handoff}`,
        elements: [button('Accept', ACTION_ACCEPT, 'primary'), button('Decline', ACTION_DECLINE, 'danger')],
      },
    ],
  };
}

/** For someone without a Slack handle: the room sees it, so somebody can pass it on. */
export function notOnSlackMessage(name: string, text: string): SlackMessage {
  const body = `For ${escapeText(name)} (not on Slack; please pass this on): ${escapeText(text)}`;
  return { text: body, blocks: [section(body)] };
}

/** The handoff message after its answer: the buttons give way to the outcome. */
export function answeredMessage(originalText: string, outcome: string): SlackMessage {
  const text = `${originalText}\n${escapeText(outcome)}`;
  return {
    text,
    blocks: [section(originalText), context(escapeText(outcome))],
  };
}

const ROLE_WORD: Record<string, string> = {
  coordinator: 'coordinator',
  it: 'IT',
  vendor: 'vendor',
  client: 'client',
  observer: 'observer',
};

function who(p: PersonView & { role: string }): string {
  return `${p.handles.slack ? mention(p.handles.slack) : escapeText(p.name)} (${ROLE_WORD[p.role] ?? p.role})`;
}

/** People of the incident who cannot be invited and have no e-mail either, in words for the room and the reporter. */
export function notOnSlack(view: IncidentView): string[] {
  return view.participants
    .filter((p) => !p.handles.slack && !p.hasEmail)
    .map((p) => `${p.name} (${ROLE_WORD[p.role] ?? p.role})`);
}

/** People of the incident who are not on Slack and hear from Handoff by e-mail. */
export function byEmail(view: IncidentView): string[] {
  return view.participants
    .filter((p) => !p.handles.slack && p.hasEmail)
    .map((p) => `${p.name} (${ROLE_WORD[p.role] ?? p.role})`);
}

/** The pinned status message: who holds what, kept up to date with chat.update. */
export function statusMessage(view: IncidentView): SlackMessage {
  const head = `${view.ref} · ${view.siteName} (${view.severity}) · ${view.status}`;
  const onSlack = view.participants.filter((p) => p.handles.slack).map(who);
  const away = notOnSlack(view);
  const mailed = byEmail(view);
  const people = [
    `People: ${onSlack.join(', ') || 'nobody on Slack yet'}`,
    ...(away.length ? [`Not on Slack: ${escapeText(away.join(', '))}`] : []),
    ...(mailed.length ? [`By e-mail: ${escapeText(mailed.join(', '))}`] : []),
  ].join('\n');
  const status = escapeText(view.statusText);
  return {
    text: `${head}\n${status}\n${people}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(head, 150) } },
      section(`*${escapeText(view.title)}*`),
      section(status),
      context(clip(people)),
    ],
  };
}

/** The Decline modal: a reason is required, and the metadata brings the handoff back. */
/** `readers`: who reads the reason (the owner, and the coordinator when they offered it). */
export function declineModal(meta: DeclineMetadata, fromName: string, readers = fromName): types.ModalView {
  const metadata = JSON.stringify(meta);
  const fitted =
    metadata.length <= SECTION_LIMIT || !meta.message
      ? metadata
      : JSON.stringify({ ...meta, message: { ...meta.message, text: clip(meta.message.text, 1500) } });
  return {
    type: 'modal',
    callback_id: VIEW_DECLINE,
    private_metadata: fitted,
    title: { type: 'plain_text', text: `Decline H${meta.handoff}` },
    submit: { type: 'plain_text', text: 'Decline' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        readers === fromName
          ? `Why are you declining? ${escapeText(fromName)} keeps the step and reads your reason.`
          : `Why are you declining? ${escapeText(fromName)} keeps the step; ${escapeText(readers)} read your reason.`,
      ),
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true },
      },
    ],
  };
}
