// A Slack channel per incident (issue 5 §3, issue 11): created when the incident first needs
// it (the opener's command, or the first notification: greetings go in the channel, after
// the invitations), everyone with a Slack handle invited, and a pinned status message kept
// up to date after every change. One process at a time may create it (a lease in the
// database, refs `lease:room:<incident>`), and the channel is claimed (refs `room:<incident>`)
// before it is linked, so a crash or a second process never makes two.
// Nothing here runs under the core's incident lock: linking the room is a change of its own.
// A room, once linked, stays the incident's: each process remembers the links it has seen,
// so a command typed in a room, and the room check after every command, read nothing
// (issue 13: one incident read fewer a command); a channel that is no room is believed
// for a minute, so a command typed in #general does not look it up each time either.

import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import { leaseOrFind } from '../../src/app/platform-refs.ts';
import type { ChannelInvites } from './channel-invites.ts';
import type { HandoffMessages } from './handoff-messages.ts';
import { deliveryError, notInvitedReason, platformError, slackErrorCode } from './slack-errors.ts';
import { byEmail, notOnSlack } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';
import type { StatusMessages } from './status-message.ts';

export interface IncidentRooms {
  /** The incident whose channel this is, if any. */
  incidentFor(channelId: string): Promise<number | undefined>;
  /** The incident's channel, if it has one (none is created). */
  roomOf(incidentNumber: number): Promise<string | undefined>;
  /** The incident's channel, created and linked first if it has none. Throws what Slack throws. */
  channelFor(view: IncidentView): Promise<{ channel: string; created: boolean }>;
  /**
   * Makes sure the incident has its channel. Returns lines for the person who typed the
   * command: where the channel is (when it was just created, or `announce`), who is not on
   * Slack, or why it failed. Never throws for a Slack failure.
   */
  ensureRoom(incidentNumber: number, options?: { announce?: boolean }): Promise<string[]>;
  /**
   * Writes outcomes into answered handoff requests, invites newcomers and brings the pinned
   * status message up to date. Throws a delivery error for the outbox to retry.
   */
  refresh(incidentNumber: number): Promise<void>;
  /**
   * Invites these people to the incident's channel; those Slack refuses are reported to the
   * coordinator (once) and returned by person id, so they can be reached by DM instead.
   */
  invite(
    view: IncidentView,
    channel: string,
    people: Array<{ id: string; slackId: string }>,
  ): Promise<Set<string>>;
}

/** `inc-<n>-<site>`, within Slack's rules: lowercase letters, digits, - and _, at most 80. */
export function channelName(incidentNumber: number, siteId: string): string {
  const site = siteId.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
  return `inc-${incidentNumber}-${site}`.slice(0, 80).replace(/-+$/, '');
}

const roomKey = (incidentNumber: number) => `room:${incidentNumber}`;
const leaseKey = (incidentNumber: number) => `lease:room:${incidentNumber}`;
/** How long a channel found to be no room is believed without asking again. */
export const NOT_A_ROOM_MS = 60_000;
const NOT_A_ROOM_LIMIT = 10_000;
/** Longer than a channel's creation takes, Slack's retries on a 429 included. */
const CREATE_LEASE_MS = 30_000;

export function createIncidentRooms(
  rt: SlackRuntime,
  handoffs: HandoffMessages,
  invites: ChannelInvites,
  statuses: StatusMessages,
): IncidentRooms {
  // Separate keys: creating a channel links it, and the link's own delivery refreshes the status.
  const locks = new KeyedLock();
  // Reported once per process; the core also records each person, platform and reason once.
  const reported = new Set<string>();
  // Links seen, both ways; a link never changes, so these are kept for good.
  const channelOf = new Map<number, string>();
  const incidentOf = new Map<string, number>();
  // And channels that are no room (#general, a DM), for a minute only: a command typed there
  // asked the database every time. A channel becomes a room only when Handoff creates it,
  // links it, and then invites people, so nobody can type in it before it is linked; the
  // time limit covers the one who might, and a link made here is seen at once.
  const notRooms = new Map<string, number>();
  const remember = (incidentNumber: number, channel: string) => {
    channelOf.set(incidentNumber, channel);
    incidentOf.set(channel, incidentNumber);
    notRooms.delete(channel);
  };

  async function createChannel(view: IncidentView): Promise<string> {
    const base = channelName(view.number, view.siteId);
    // A channel left from an earlier install may hold the name; a suffix keeps both.
    const names = [base, `${base.slice(0, 74)}-${Date.now().toString(36).slice(-5)}`];
    for (const name of names) {
      try {
        const created = await rt.client.conversations.create({ name, is_private: false });
        if (created.channel?.id) return created.channel.id;
      } catch (error) {
        if (slackErrorCode(error) !== 'name_taken' || name !== names[0]) throw error;
      }
    }
    throw new Error('conversations.create returned no channel id');
  }

  async function claimedChannel(incidentNumber: number): Promise<string | undefined> {
    const value = await rt.app().refs('slack').get(roomKey(incidentNumber));
    return typeof value?.channel === 'string' ? value.channel : undefined;
  }

  /**
   * The channel this incident's room is, creating it when nobody has (in any process). The
   * process that takes the lease creates; another waits for its channel rather than making
   * a spare one. Should the creator outlast its lease (or die), the next takes over, and of
   * two channels made then the first stored wins and the other is archived.
   */
  async function findOrCreate(
    view: IncidentView,
  ): Promise<{ channel: string; created: boolean; linked: boolean }> {
    const current = await rt.app().view(view.number);
    if (current?.rooms.slack) return { channel: current.rooms.slack, created: false, linked: true };
    const refs = rt.app().refs('slack');
    const claim = await leaseOrFind(refs, leaseKey(view.number), CREATE_LEASE_MS, () =>
      claimedChannel(view.number),
    );
    if (!claim.leased) return { channel: claim.found, created: false, linked: false };
    let channel: string;
    let kept: boolean;
    try {
      channel = await createChannel(view);
      kept = await refs.putIfAbsent(roomKey(view.number), { channel });
    } finally {
      // Given back once the channel is claimed (or not made: the next command tries again, in
      // any process). Should that fail, the lease runs out by itself.
      await refs.delete(leaseKey(view.number)).catch((error: unknown) => {
        rt.logger.warn({ incident: view.number, error: String(error) }, 'slack room lease not given back');
      });
    }
    if (kept) return { channel, created: true, linked: false };
    await rt.client.conversations.archive({ channel }).catch((error: unknown) => {
      rt.logger.warn({ channel, slackError: slackErrorCode(error) }, 'slack spare channel not archived');
    });
    const winner = await claimedChannel(view.number);
    if (!winner) throw new Error(`the Slack channel of incident ${view.number} vanished`);
    return { channel: winner, created: false, linked: false };
  }

  async function channelFor(view: IncidentView): Promise<{ channel: string; created: boolean }> {
    if (view.rooms.slack) {
      remember(view.number, view.rooms.slack);
      return { channel: view.rooms.slack, created: false };
    }
    const found = await locks.run(`create:${view.number}`, () => findOrCreate(view));
    // Outside the lock: linking commits a change whose deliveries may need the channel too.
    if (!found.linked) await rt.app().linkRoom(view.number, 'slack', found.channel);
    remember(view.number, found.channel);
    return { channel: found.channel, created: found.created };
  }

  async function report(
    view: IncidentView,
    refusals: Array<{ personId: string; code: string }>,
  ): Promise<void> {
    for (const { personId, code } of refusals) {
      const reason = notInvitedReason(code);
      const key = `${view.number}:${personId}:${reason}`;
      if (reported.has(key)) continue;
      await rt.app().reportUnreachable(view.number, 'slack', personId, reason);
      reported.add(key);
    }
  }

  async function invite(
    view: IncidentView,
    channel: string,
    people: Array<{ id: string; slackId: string }>,
  ): Promise<Set<string>> {
    const refused = await invites.invite(
      channel,
      people.map((p) => p.slackId),
    );
    const refusals = people.flatMap((p) => {
      const code = refused.get(p.slackId);
      return code ? [{ personId: p.id, code }] : [];
    });
    await report(view, refusals);
    return new Set(refusals.map((r) => r.personId));
  }

  return {
    async incidentFor(channelId) {
      const known = incidentOf.get(channelId);
      if (known !== undefined) return known;
      if ((notRooms.get(channelId) ?? 0) > performance.now()) return undefined;
      const found = await rt.app().incidentForRoom('slack', channelId);
      if (found !== undefined) remember(found, channelId);
      else {
        if (notRooms.size >= NOT_A_ROOM_LIMIT) notRooms.clear(); // a bound, not a policy
        notRooms.set(channelId, performance.now() + NOT_A_ROOM_MS);
      }
      return found;
    },
    async roomOf(incidentNumber) {
      const known = channelOf.get(incidentNumber);
      if (known !== undefined) return known;
      const channel = (await rt.app().view(incidentNumber))?.rooms.slack;
      if (channel !== undefined) remember(incidentNumber, channel);
      return channel;
    },
    channelFor,
    invite,
    async ensureRoom(incidentNumber, options = {}) {
      // Linked before: nothing to create, and nothing to say unless asked where it is.
      const linked = channelOf.get(incidentNumber);
      if (linked !== undefined && !options.announce) return [];
      const view = await rt.app().view(incidentNumber);
      if (!view) return [];
      let room: { channel: string; created: boolean };
      try {
        room = await channelFor(view);
      } catch (error) {
        rt.logger.warn({ incident: incidentNumber, slackError: slackErrorCode(error) }, 'slack room failed');
        const failure = platformError(`create the Slack channel for ${view.ref}`, error).message;
        return [
          `${failure} ${view.ref} is open all the same; I'll try again at your next /incident command.`,
        ];
      }
      if (!room.created && !options.announce) return [];
      const away = notOnSlack(view);
      const mailed = byEmail(view);
      return [
        `The incident's channel is <#${room.channel}>.`,
        ...(away.length ? [`Not on Slack: ${away.join(', ')}. They need to hear from you another way.`] : []),
        ...(mailed.length ? [`Not on Slack, told by e-mail: ${mailed.join(', ')}.`] : []),
      ];
    },
    async refresh(incidentNumber) {
      try {
        const view = await rt.app().view(incidentNumber);
        if (!view) return;
        // Before the room check: a request sent by DM has buttons too. Its failure is
        // thrown after the status is done, so one does not hold up the other.
        const settled = handoffs.settle(view).then(
          () => undefined,
          (error: unknown) => error,
        );
        const channel = view.rooms.slack;
        if (channel) {
          const people = view.participants.flatMap((p) =>
            p.handles.slack ? [{ id: p.id, slackId: p.handles.slack }] : [],
          );
          await invite(view, channel, people);
          await locks.run(`status:${incidentNumber}`, async () => {
            // Read again under the lock: the latest state wins, whichever refresh runs last.
            const latest = await rt.app().view(incidentNumber);
            if (latest) await statuses.keep(latest, channel);
          });
        }
        const failed = await settled;
        if (failed !== undefined) throw failed;
      } catch (error) {
        rt.logger.warn(
          { incident: incidentNumber, slackError: slackErrorCode(error) },
          'slack status failed',
        );
        throw deliveryError(error); // the outbox tries again later
      }
    },
  };
}
