// A Slack channel per incident (issue 5 §3): created on open, everyone with a Slack handle
// invited, and a pinned status message kept up to date after every change.

import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { HandoffMessages } from './handoff-messages.ts';
import { deliveryError, platformError, slackErrorCode, withRetries } from './slack-errors.ts';
import { notOnSlack, statusMessage } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

export interface IncidentRooms {
  /**
   * Creates and links the incident's channel if it has none. Returns lines for the person
   * who typed the command (the channel, who is not on Slack, or why it failed). Never throws
   * for a Slack failure. Must be called outside the core's locks: it links the room.
   */
  ensureRoom(incidentNumber: number): Promise<string[]>;
  /**
   * Writes outcomes into answered handoff requests, invites newcomers and brings the pinned
   * status message up to date. Never throws.
   */
  refresh(incidentNumber: number): Promise<void>;
  /** Invites Slack users to a channel, skipping those already invited. */
  invite(channelId: string, userIds: string[]): Promise<void>;
}

/** `inc-<n>-<site>`, within Slack's rules: lowercase letters, digits, - and _, at most 80. */
export function channelName(incidentNumber: number, siteId: string): string {
  const site = siteId.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return `inc-${incidentNumber}-${site}`.slice(0, 80).replace(/-+$/, '');
}

export function createIncidentRooms(rt: SlackRuntime, handoffs: HandoffMessages): IncidentRooms {
  const statusTs = new Map<number, string>();
  const invited = new Map<string, Set<string>>();
  // Separate keys: linking a room runs refresh (through incidentChanged) while ensureRoom waits.
  const locks = new KeyedLock();
  const retried = <T>(call: () => Promise<T>) => withRetries(rt.retry.attempts, rt.retry.delayMs, call);

  async function createChannel(view: IncidentView): Promise<string> {
    const base = channelName(view.number, view.siteId);
    // A channel left from an earlier install may hold the name; a suffix keeps both.
    const names = [base, `${base.slice(0, 74)}-${Date.now().toString(36).slice(-5)}`];
    for (const name of names) {
      try {
        const created = await retried(() => rt.client.conversations.create({ name, is_private: false }));
        if (created.channel?.id) return created.channel.id;
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken' || name !== names[0]) throw error;
      }
    }
    throw new Error('conversations.create returned no channel id');
  }

  async function invite(channelId: string, userIds: string[]): Promise<void> {
    const known = invited.get(channelId) ?? new Set<string>();
    invited.set(channelId, known);
    const fresh = [...new Set(userIds)].filter((id) => id !== rt.botUserId() && !known.has(id));
    if (fresh.length === 0) return;
    try {
      // force: one unknown user must not keep everyone else out.
      await retried(() =>
        rt.client.conversations.invite({ channel: channelId, users: fresh.join(','), force: true }),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'already_in_channel') {
        rt.logger.warn({ channel: channelId, slackError: slackErrorCode(error) }, 'slack invite failed');
        return;
      }
    }
    for (const id of fresh) known.add(id);
  }

  async function postStatus(view: IncidentView, channel: string): Promise<void> {
    const message = statusMessage(view);
    const ts = statusTs.get(view.number);
    if (ts) {
      try {
        await retried(() =>
          rt.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
        );
        return;
      } catch (error) {
        // Someone deleted the pinned message: post a fresh one below.
        if (slackErrorCode(error) !== 'message_not_found') throw error;
      }
    }
    const posted = await retried(() =>
      rt.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks }),
    );
    if (!posted.ts) return;
    statusTs.set(view.number, posted.ts);
    await retried(() => rt.client.pins.add({ channel, timestamp: posted.ts! }));
  }

  return {
    invite,
    ensureRoom: (incidentNumber) =>
      locks.run(`create:${incidentNumber}`, async () => {
        const view = await rt.app().view(incidentNumber);
        if (!view || view.rooms.slack) return [];
        let channelId: string;
        try {
          channelId = await createChannel(view);
        } catch (error) {
          rt.logger.warn(
            { incident: incidentNumber, slackError: slackErrorCode(error) },
            'slack room failed',
          );
          const failure = platformError(`create the Slack channel for ${view.ref}`, error).message;
          return [
            `${failure} ${view.ref} is open all the same; I'll try again at your next /incident command.`,
          ];
        }
        // Linking commits a change, and the core then calls incidentChanged → refresh.
        await rt.app().linkRoom(incidentNumber, 'slack', channelId);
        const away = notOnSlack(view);
        return [
          `The incident's channel is <#${channelId}>.`,
          ...(away.length
            ? [`Not on Slack: ${away.join(', ')}. They need to hear from you another way.`]
            : []),
        ];
      }),
    refresh: (incidentNumber) =>
      locks.run(`status:${incidentNumber}`, async () => {
        try {
          const view = await rt.app().view(incidentNumber);
          if (!view) return;
          // Before the room check: a request sent by DM (no channel yet) has buttons too.
          await handoffs.settle(view);
          const channel = view.rooms.slack;
          if (!channel) return;
          const handles = view.participants.flatMap((p) => (p.handles.slack ? [p.handles.slack] : []));
          await invite(channel, handles);
          await postStatus(view, channel);
        } catch (error) {
          rt.logger.warn(
            { incident: incidentNumber, slackError: slackErrorCode(error) },
            'slack status failed',
          );
          throw deliveryError(error); // the outbox tries again later
        }
      }),
  };
}
