// Inviting people to an incident channel, person by person in effect: one call for all of
// them (force=true, so one bad user keeps nobody else out), and Slack's per-user `errors`
// tell who could not be added. What is remembered here stays true for every process (who
// is in a channel, who Slack refused), so a cache in memory is safe; after a restart each
// refusal is simply asked once more.

import { inviteRefusals } from './slack-errors.ts';
import type { SlackRuntime } from './slack-runtime.ts';

export interface ChannelInvites {
  /**
   * Invites those not yet in the channel. Returns the ones Slack refused, with its code
   * (`cant_invite`, `user_not_found`…); throws when the call itself failed.
   */
  invite(channelId: string, userIds: string[]): Promise<Map<string, string>>;
}

export function createChannelInvites(rt: SlackRuntime): ChannelInvites {
  const members = new Map<string, Set<string>>();
  const refused = new Map<string, Map<string, string>>();

  return {
    async invite(channelId, userIds) {
      const inChannel = members.get(channelId) ?? new Set<string>();
      members.set(channelId, inChannel);
      const refusedHere = refused.get(channelId) ?? new Map<string, string>();
      refused.set(channelId, refusedHere);
      const wanted = [...new Set(userIds)].filter((id) => id !== rt.botUserId());
      const fresh = wanted.filter((id) => !inChannel.has(id) && !refusedHere.has(id));
      if (fresh.length > 0) {
        let refusals = new Map<string, string>();
        try {
          await rt.client.conversations.invite({ channel: channelId, users: fresh.join(','), force: true });
        } catch (error) {
          const known = inviteRefusals(error, fresh);
          if (!known) throw error;
          refusals = known;
        }
        for (const id of fresh) {
          const code = refusals.get(id);
          if (code === undefined || code === 'already_in_channel') inChannel.add(id);
          else {
            refusedHere.set(id, code);
            rt.logger.warn({ channel: channelId, user: id, slackError: code }, 'slack invite refused');
          }
        }
      }
      return new Map(wanted.flatMap((id) => (refusedHere.has(id) ? [[id, refusedHere.get(id)!]] : [])));
    },
  };
}
