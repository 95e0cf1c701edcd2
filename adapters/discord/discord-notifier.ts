// The Notifier port on Discord: each notification is posted in the incident's thread,
// addressed by name with a mention of that person only; handoff requests carry Accept /
// Decline buttons. Without an incident it goes to the person's DMs. People without a
// Discord id are left to the other platforms (and logged), never guessed at.

import type { Client } from 'discord.js';
import type { Logger, Notification, Notifier } from '../../src/app/ports.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import { discordDeliveryError } from './delivery-error.ts';
import { fitMessage } from './error-reply.ts';
import { handoffButtons } from './handoff-components.ts';
import { safeError } from './log-safe-error.ts';
import type { IncidentThreads } from './incident-threads.ts';

export interface DiscordNotifierDeps {
  /** A getter: the adapter logs in again with a new client when an intent is refused. */
  client: () => Client;
  threads: IncidentThreads;
  directory: () => Directory;
  logger: Logger;
}

export function createDiscordNotifier(deps: DiscordNotifierDeps): Notifier {
  return {
    // A failed delivery is logged and the rest still go out; then the failure is thrown to
    // the outbox (which runs after the commit), which retries it or settles it as failed.
    async notify(notifications) {
      let failed: unknown;
      for (const n of notifications) {
        try {
          await deliver(deps, n);
        } catch (error) {
          deps.logger.error(
            { err: safeError(error), person: n.personId, incident: n.incidentNumber },
            'discord notification not delivered',
          );
          failed ??= error;
        }
      }
      if (failed !== undefined) throw discordDeliveryError(failed);
    },
    async incidentChanged(incidentNumber) {
      try {
        await deps.threads.refresh(incidentNumber);
      } catch (error) {
        if (error instanceof NotFoundError) return; // no such incident: nothing to bring up to date
        deps.logger.error(
          { err: safeError(error), incident: incidentNumber },
          'discord incident thread not updated',
        );
        throw discordDeliveryError(error);
      }
    },
  };
}

async function deliver(deps: DiscordNotifierDeps, n: Notification): Promise<void> {
  const userId = deps.directory().people.find((p) => p.id === n.personId)?.handles.discord;
  if (!userId) {
    deps.logger.info({ person: n.personId }, 'not on Discord; notification left to other platforms');
    return;
  }
  const content = fitMessage(`<@${userId}> ${n.text}`);
  const allowedMentions = { users: [userId] };
  if (n.incidentNumber === undefined) {
    const user = await deps.client().users.fetch(userId);
    await user.send({ content: fitMessage(n.text), allowedMentions });
    return;
  }
  const thread = await deps.threads.thread(n.incidentNumber);
  // Someone who joins mid-incident (a handoff to a new person) becomes a member first; one
  // Discord will not add (not in the server) fails this notification for good, no other.
  await deps.threads.addMember(thread, userId);
  const components = n.handoff ? [handoffButtons(n.handoff.incidentNumber, n.handoff.number)] : [];
  const message = await thread.send({ content, allowedMentions, components });
  if (n.handoff) {
    await deps.threads.rememberHandoffMessage(n.handoff.incidentNumber, n.handoff.number, {
      channelId: thread.id,
      messageId: message.id,
      content,
    });
  }
}
