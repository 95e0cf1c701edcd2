// The one place an error becomes what a Discord user sees (design §5.6): an ephemeral
// message in plain words, never a stack trace. Internal failures are logged with their
// cause; the user gets the app's words for how far the command got (src/app/failure-reply.ts).

import { MessageFlags } from 'discord.js';
import { failureText, type CommandAttempt } from '../../src/app/failure-reply.ts';
import type { Logger } from '../../src/app/ports.ts';
import { toHandoffError } from '../../src/domain/errors.ts';
import { safeError } from './log-safe-error.ts';

export interface EphemeralReply {
  content: string;
  flags: MessageFlags.Ephemeral;
  allowedMentions: { parse: [] };
}

/** Discord refuses message content above 2,000 characters; long help and summaries are cut. */
export const MESSAGE_LIMIT = 2000;

export function fitMessage(text: string): string {
  return text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 2)} …`;
}

/** An ephemeral answer that pings nobody: ids in the text stay plain mentions. */
export function ephemeral(text: string): EphemeralReply {
  return { content: fitMessage(text), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };
}

/** The same answer as an edit of a deferred reply, which was made ephemeral when deferred. */
export function edited(reply: EphemeralReply): Omit<EphemeralReply, 'flags'> {
  return { content: reply.content, allowedMentions: reply.allowedMentions };
}

/** `attempt`: the command under way, if the failure came while running one. */
export function errorReply(
  error: unknown,
  logger: Logger,
  what: string,
  attempt: CommandAttempt = {},
): EphemeralReply {
  const failure = toHandoffError(error);
  if (failure.code === 'internal' || failure.code === 'platform') {
    logger.error({ err: safeError(error), what }, 'discord interaction failed');
  }
  return ephemeral(failureText(attempt, error, () => failure.message));
}
