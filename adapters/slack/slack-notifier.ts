// The Notifier port on Slack: each person is addressed by name with a mention in the
// incident's channel. The channel comes first (created here if the incident has none yet),
// then the person is invited, then the message is posted in it; only someone Slack will not
// let into the channel gets a direct message. People without a Slack handle are named in
// the room (and logged) instead of being dropped. A failure is thrown to the outbox
// (deliveryError says whether to try again): it retries, not us.

import type { IncidentView, PersonView } from '../../src/app/incident-view.ts';
import type { Notification, Notifier } from '../../src/app/ports.ts';
import type { HandoffMessages } from './handoff-messages.ts';
import type { IncidentRooms } from './incident-rooms.ts';
import { deliveryError, slackErrorCode } from './slack-errors.ts';
import { notificationMessage, notOnSlackMessage, type SlackMessage } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

/** Everyone an incident view names, so a notification's person can be found with their handles. */
function findPerson(view: IncidentView, personId: string): PersonView | undefined {
  const people: PersonView[] = [
    ...view.participants,
    view.coordinator,
    ...view.steps.map((s) => s.owner),
    ...view.handoffs.flatMap((h) => [h.from, h.to]),
  ];
  return people.find((p) => p.id === personId);
}

export function createSlackNotifier(
  rt: SlackRuntime,
  rooms: IncidentRooms,
  handoffs: HandoffMessages,
): Notifier {
  const dms = new Map<string, string>();

  async function dmChannel(slackId: string): Promise<string> {
    const known = dms.get(slackId);
    if (known) return known;
    const opened = await rt.client.conversations.open({ users: slackId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel id');
    dms.set(slackId, id);
    return id;
  }

  /** Posts, and returns the message's ts (undefined if Slack gave none). */
  async function post(channel: string, message: SlackMessage): Promise<string | undefined> {
    const posted = await rt.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    return posted.ts;
  }

  /** The incident's channel; undefined when Slack will never give us one (we fall back to DMs). */
  async function roomOf(view: IncidentView): Promise<string | undefined> {
    try {
      return (await rooms.channelFor(view)).channel;
    } catch (error) {
      if (!deliveryError(error).permanent) throw error;
      rt.logger.warn(
        { incident: view.number, slackError: slackErrorCode(error) },
        'no slack channel; sending DMs',
      );
      return undefined;
    }
  }

  async function deliver(n: Notification, view: IncidentView | null): Promise<void> {
    const slackId = view ? findPerson(view, n.personId)?.handles.slack : undefined;
    const room = view ? await roomOf(view) : undefined;
    if (!slackId) {
      rt.logger.warn({ personId: n.personId, incident: n.incidentNumber }, 'person is not on Slack');
      if (room) await post(room, notOnSlackMessage(n.personName, n.text));
      return;
    }
    const handoff = n.handoff ? { incident: n.handoff.incidentNumber, handoff: n.handoff.number } : undefined;
    const message = notificationMessage(slackId, n.text, handoff);
    // A mention only reaches members: the person is invited first, and DMed if Slack refuses.
    const refused = view && room ? await rooms.invite(view, room, [{ id: n.personId, slackId }]) : undefined;
    const channel = room && !refused?.has(n.personId) ? room : await dmChannel(slackId);
    const ts = await post(channel, message);
    // Remembered so its buttons give way to the outcome however the handoff is answered.
    if (handoff && ts) await handoffs.remember(handoff, { channelId: channel, ts, text: message.text });
  }

  return {
    async notify(notifications) {
      const views = new Map<number, IncidentView | null>();
      let failed: unknown;
      for (const n of notifications) {
        try {
          const number = n.incidentNumber;
          if (number !== undefined && !views.has(number)) views.set(number, await rt.app().view(number));
          await deliver(n, number === undefined ? null : (views.get(number) ?? null));
        } catch (error) {
          // Reported, not dropped: the core carries on, the log says who missed what.
          rt.logger.error(
            {
              personId: n.personId,
              incident: n.incidentNumber,
              slackError: slackErrorCode(error) ?? String(error),
            },
            'slack notification failed',
          );
          failed ??= error;
        }
      }
      // The others were tried all the same; the outbox retries (or settles) the batch.
      if (failed !== undefined) throw deliveryError(failed);
    },
    incidentChanged: (incidentNumber) => rooms.refresh(incidentNumber),
  };
}
