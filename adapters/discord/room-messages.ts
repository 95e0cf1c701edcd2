// Plain messages in incident threads feed the blame guard (design §2). They arrive only
// with the privileged Message Content intent; without it the adapter does not listen.

import type { Message } from 'discord.js';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger } from '../../src/app/ports.ts';
import { fitMessage } from './error-reply.ts';
import { PLATFORM, type IncidentThreads } from './incident-threads.ts';

export interface RoomMessageDeps {
  app: () => HandoffApp;
  threads: IncidentThreads;
  logger: Logger;
}

export async function handleRoomMessage(deps: RoomMessageDeps, message: Message): Promise<void> {
  if (!message.inGuild() || !message.channel.isThread() || !message.content) return;
  const incident = await deps.threads.incidentFor(message.channelId);
  if (incident === undefined) return;
  const reply = await deps.app().handleMessage({
    actor: { platform: PLATFORM, userId: message.author.id },
    text: message.content,
    roomIncident: incident,
    idempotencyKey: `discord:message:${message.id}`,
    fromBot: message.author.bot,
  });
  if (!reply) return;
  // A failure to judge a room message is logged, not answered in front of everyone.
  if (reply.error) {
    deps.logger.info({ code: reply.error.code, message: message.id }, 'discord room message not judged');
    return;
  }
  await message.reply({ content: fitMessage(reply.text), allowedMentions: { repliedUser: true, parse: [] } });
}
