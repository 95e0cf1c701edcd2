// Normalise and dispatch for /incident and the events: Slack users become actors, the
// channel becomes the incident it is the room of, and the core's reply goes back to the
// person (ephemeral) or the room.

import { errorLine } from '../../src/app/error-line.ts';
import { failureText, type CommandAttempt } from '../../src/app/failure-reply.ts';
import type { Reply } from '../../src/app/reply.ts';
import { helpText } from '../../src/commands/index.ts';
import type { IncidentRooms } from './incident-rooms.ts';
import { describeError, withRetries } from './slack-errors.ts';
import type { SlackInput } from './slack-payloads.ts';
import { escapeText } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

/**
 * Answers through the request's response_url: a slash command's (works in any channel, even
 * DMs) or a button press's on a message (`replace_original: false`, else Slack puts the answer
 * in the pressed message's place).
 */
export type Respond = (message: {
  response_type: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  text: string;
}) => Promise<unknown>;

const actor = (userId: string) => ({ platform: 'slack' as const, userId });

export function createSlackCommands(rt: SlackRuntime, rooms: IncidentRooms) {
  const retried = <T>(call: () => Promise<T>) => withRetries(rt.retry.attempts, rt.retry.delayMs, call);

  async function postInRoom(incidentNumber: number | undefined, fallbackChannel: string, text: string) {
    const room = incidentNumber ? await rooms.roomOf(incidentNumber) : undefined;
    const channel = room ?? fallbackChannel;
    await retried(() => rt.client.chat.postMessage({ channel, text: escapeText(text) }));
  }

  async function ephemeral(channel: string, user: string, text: string): Promise<void> {
    await retried(() => rt.client.chat.postEphemeral({ channel, user, text: escapeText(text) }));
  }

  async function slashCommand(
    input: Extract<SlackInput, { kind: 'command' }>,
    respond: Respond,
  ): Promise<void> {
    // How far the command got decides what a failure says: once the core answered, it is saved.
    const attempt: CommandAttempt = { text: input.text };
    try {
      const app = rt.app();
      const roomIncident = (attempt.roomIncident = await rooms.incidentFor(input.channelId));
      const reply = (attempt.reply = await app.handleCommand({
        actor: actor(input.userId),
        text: input.text,
        roomIncident,
        idempotencyKey: `slack:cmd:${input.triggerId}`,
      }));
      if (!reply) return;
      // A room is due for every incident a command succeeded on; a failed attempt is retried here.
      // Whoever opens (or joins) from elsewhere is told where the channel is.
      const announce = /^\s*open\b/i.test(input.text) && roomIncident === undefined;
      const extra =
        reply.incidentNumber && !reply.error
          ? await rooms.ensureRoom(reply.incidentNumber, { announce })
          : [];
      await answer(reply, extra, input.channelId, respond);
    } catch (error) {
      // Outside the core's error boundary (rooms, Slack itself): logged once, and the user is told.
      rt.logger.error({ error: errorLine(error), user: input.userId }, 'slack command failed');
      const text = escapeText(failureText(attempt, error, describeError));
      await respond({ response_type: 'ephemeral', text }).catch((failure: unknown) => {
        rt.logger.warn({ error: errorLine(failure), user: input.userId }, 'slack error reply not delivered');
      });
    }
  }

  async function answer(reply: Reply, extra: string[], channelId: string, respond: Respond): Promise<void> {
    if (reply.visibility === 'room') {
      await postInRoom(reply.incidentNumber, channelId, reply.text);
      if (extra.length) await respond({ response_type: 'ephemeral', text: extra.join('\n') });
      return;
    }
    // The core's words are escaped; our own lines carry a channel link on purpose.
    const text = [escapeText(reply.text), ...extra].join('\n');
    await respond({ response_type: 'ephemeral', text });
  }

  /** A plain message: the blame guard reads it when it was said in an incident's channel. */
  async function roomMessage(input: Extract<SlackInput, { kind: 'message' }>): Promise<void> {
    const app = rt.app();
    const roomIncident = await rooms.incidentFor(input.channelId);
    if (roomIncident === undefined) return;
    const reply = await app.handleMessage({
      actor: actor(input.userId),
      text: input.text,
      roomIncident,
      idempotencyKey: `slack:event:${input.eventId}`,
      fromBot: input.fromBot,
    });
    if (!reply) return;
    if (reply.visibility === 'room') await postInRoom(roomIncident, input.channelId, reply.text);
    else await ephemeral(input.channelId, input.userId, reply.text);
  }

  /** @Handoff in a channel: the mentioner's status and the help, for their eyes only. */
  async function mention(input: Extract<SlackInput, { kind: 'mention' }>): Promise<void> {
    const attempt: CommandAttempt = { text: 'status' };
    try {
      const app = rt.app();
      const roomIncident = (attempt.roomIncident = await rooms.incidentFor(input.channelId));
      const reply = (attempt.reply = await app.handleCommand({
        actor: actor(input.userId),
        text: 'status',
        roomIncident,
        idempotencyKey: `slack:event:${input.eventId}`,
      }));
      if (!reply) return;
      await ephemeral(input.channelId, input.userId, `${reply.text}\n\n${helpText()}`);
    } catch (error) {
      rt.logger.error({ error: errorLine(error), user: input.userId }, 'slack mention failed');
      const text = failureText(attempt, error, describeError);
      await ephemeral(input.channelId, input.userId, text).catch((failure: unknown) => {
        rt.logger.warn({ error: errorLine(failure), user: input.userId }, 'slack error reply not delivered');
      });
    }
  }

  return { slashCommand, roomMessage, mention, ephemeral };
}
