// Accept / Decline on a handoff request (issue 5 §4). The core decides who may answer;
// the buttons only carry the handoff, and handoff-messages writes the outcome in place.
// The presser's own answer goes to the press's response_url, a plain HTTP post: the Web
// API client's queue and retries were about 11 % of a press's main thread (issue 13). Should
// that post fail, the answer goes as chat.postEphemeral instead, with its retries.

import { errorLine } from '../../src/app/error-line.ts';
import { failureText, type CommandAttempt } from '../../src/app/failure-reply.ts';
import { validateCommand } from '../../src/commands/index.ts';
import type { HandoffMessages } from './handoff-messages.ts';
import type { Respond } from './slack-commands.ts';
import { describeError, withRetries } from './slack-errors.ts';
import { REASON_BLOCK, type HandoffRef, type MessageRef, type SlackInput } from './slack-payloads.ts';
import { declineModal, escapeText } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

type Ephemeral = (channel: string, user: string, text: string) => Promise<void>;
/** Bolt's ack for view submissions: empty to close the modal, or errors to keep it open. */
export type ViewAck = (response?: {
  response_action: 'errors';
  errors: Record<string, string>;
}) => Promise<void>;

const actor = (userId: string) => ({ platform: 'slack' as const, userId });

export function createSlackButtons(rt: SlackRuntime, ephemeral: Ephemeral, handoffs: HandoffMessages) {
  const retried = <T>(call: () => Promise<T>) => withRetries(rt.retry.attempts, rt.retry.delayMs, call);

  /** Tells the presser alone: at the press's response_url when there is one, else as an ephemeral. */
  async function tell(
    userId: string,
    message: MessageRef | undefined,
    text: string,
    respond?: Respond,
  ): Promise<void> {
    if (respond) {
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: escapeText(text) });
        return;
      } catch (error) {
        rt.logger.warn({ error: errorLine(error), user: userId }, 'slack response_url refused an answer');
      }
    }
    if (message) await ephemeral(message.channelId, userId, text);
    else rt.logger.warn({ user: userId }, 'no channel to answer a button in');
  }

  /** Outside the core's error boundary: logged once with its cause, and the person is told. */
  async function failed(
    userId: string,
    message: MessageRef | undefined,
    attempt: CommandAttempt,
    error: unknown,
    respond?: Respond,
  ): Promise<void> {
    rt.logger.error({ error: errorLine(error), user: userId }, 'slack button failed');
    const text = failureText(attempt, error, describeError);
    await tell(userId, message, text, respond).catch((failure: unknown) => {
      rt.logger.warn({ error: errorLine(failure), user: userId }, 'slack error reply not delivered');
    });
  }

  async function answer(
    userId: string,
    target: HandoffRef,
    raw: object,
    key: string,
    message: MessageRef | undefined,
    attempt: CommandAttempt,
    respond?: Respond,
  ): Promise<void> {
    // Stored (once), so the outcome is written into this very message whichever process
    // settles it: the core's status refresh after a change, or remember() itself when the
    // handoff was answered before (a press on a request left with buttons by a restart).
    if (message) await handoffs.remember(target, message);
    const command = validateCommand({ ...raw, incident: target.incident, handoff: target.handoff });
    attempt.command = command;
    const reply = (attempt.reply = await rt
      .app()
      .handleCommand({ actor: actor(userId), command, idempotencyKey: key }));
    if (reply) await tell(userId, message, reply.text, respond);
  }

  async function accept(input: Extract<SlackInput, { kind: 'accept' }>, respond?: Respond): Promise<void> {
    const attempt: CommandAttempt = {};
    try {
      await answer(
        input.userId,
        input.target,
        { name: 'accept' },
        `slack:action:${input.triggerId}`,
        input.message,
        attempt,
        respond,
      );
    } catch (error) {
      await failed(input.userId, input.message, attempt, error, respond);
    }
  }

  /** Opens the reason modal, but only for the addressee: anyone else is told whose it is. */
  async function openDecline(
    input: Extract<SlackInput, { kind: 'decline' }>,
    respond?: Respond,
  ): Promise<void> {
    try {
      const view = await rt.app().view(input.target.incident);
      const handoff = view?.handoffs.find((h) => h.number === input.target.handoff);
      if (!view || !handoff) {
        const text = `There is no handoff H${input.target.handoff} any more.`;
        await tell(input.userId, input.message, text, respond);
        return;
      }
      if (handoff.to.handles.slack !== input.userId) {
        // The same words the core uses when the wrong person answers; the core still checks on submit.
        const to = handoff.to.name;
        await tell(
          input.userId,
          input.message,
          `Handoff H${handoff.number} is for ${to}. Only ${to} can accept or decline it.`,
          respond,
        );
        return;
      }
      const modal = declineModal(
        { ...input.target, ...(input.message ? { message: input.message } : {}) },
        handoff.from.name,
        handoff.proposedBy.id === handoff.from.id
          ? handoff.from.name
          : `${handoff.from.name} and ${handoff.proposedBy.name}`,
      );
      await retried(() => rt.client.views.open({ trigger_id: input.triggerId, view: modal }));
    } catch (error) {
      await failed(input.userId, input.message, {}, error, respond);
    }
  }

  /** The modal's submit: an empty reason keeps it open with an error; otherwise the core decides. */
  async function submitDecline(
    input: Extract<SlackInput, { kind: 'decline.submit' }>,
    ack: ViewAck,
  ): Promise<void> {
    if (!input.reason) {
      await ack({
        response_action: 'errors',
        errors: {
          [REASON_BLOCK]: 'Say why you decline: the sender keeps the step and needs to know what to do next.',
        },
      });
      return;
    }
    await ack();
    const attempt: CommandAttempt = {};
    try {
      const raw = { name: 'decline', reason: input.reason };
      await answer(input.userId, input.target, raw, `slack:view:${input.viewId}`, input.message, attempt);
    } catch (error) {
      await failed(input.userId, input.message, attempt, error);
    }
  }

  return { accept, openDecline, submitDecline };
}
