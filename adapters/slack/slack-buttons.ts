// Accept / Decline on a handoff request (issue 5 §4). The core decides who may answer;
// the buttons only carry the handoff, and the message is updated in place with the outcome.

import type { Reply } from '../../src/app/reply.ts';
import { validateCommand } from '../../src/commands/index.ts';
import { describeError, slackErrorCode, withRetries } from './slack-errors.ts';
import { REASON_BLOCK, type HandoffRef, type MessageRef, type SlackInput } from './slack-payloads.ts';
import { answeredMessage, declineModal } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

type Ephemeral = (channel: string, user: string, text: string) => Promise<void>;
/** Bolt's ack for view submissions: empty to close the modal, or errors to keep it open. */
export type ViewAck = (response?: {
  response_action: 'errors';
  errors: Record<string, string>;
}) => Promise<void>;

const actor = (userId: string) => ({ platform: 'slack' as const, userId });

export function createSlackButtons(rt: SlackRuntime, ephemeral: Ephemeral) {
  const retried = <T>(call: () => Promise<T>) => withRetries(rt.retry.attempts, rt.retry.delayMs, call);

  async function tell(userId: string, message: MessageRef | undefined, text: string): Promise<void> {
    if (message) await ephemeral(message.channelId, userId, text);
    else rt.logger.warn({ user: userId }, 'no channel to answer a button in');
  }

  async function showOutcome(message: MessageRef | undefined, outcome: string): Promise<void> {
    if (!message) return;
    const updated = answeredMessage(message.text, outcome);
    try {
      await retried(() =>
        rt.client.chat.update({
          channel: message.channelId,
          ts: message.ts,
          text: updated.text,
          blocks: updated.blocks,
        }),
      );
    } catch (error) {
      rt.logger.warn({ slackError: slackErrorCode(error) }, 'slack button message not updated');
    }
  }

  async function answer(
    userId: string,
    target: HandoffRef,
    raw: object,
    key: string,
    message: MessageRef | undefined,
  ): Promise<Reply | null> {
    const command = validateCommand({ ...raw, incident: target.incident, handoff: target.handoff });
    const reply = await rt.app().handleCommand({ actor: actor(userId), command, idempotencyKey: key });
    if (reply) await tell(userId, message, reply.text);
    return reply && !reply.error ? reply : null;
  }

  async function accept(input: Extract<SlackInput, { kind: 'accept' }>): Promise<void> {
    try {
      const done = await answer(
        input.userId,
        input.target,
        { name: 'accept' },
        `slack:action:${input.triggerId}`,
        input.message,
      );
      if (done) await showOutcome(input.message, `Accepted by ${await nameOf(input.target, 'to')}.`);
    } catch (error) {
      await tell(input.userId, input.message, describeError(error));
    }
  }

  async function nameOf(target: HandoffRef, side: 'from' | 'to'): Promise<string> {
    const view = await rt.app().view(target.incident);
    return view?.handoffs.find((h) => h.number === target.handoff)?.[side].name ?? 'them';
  }

  /** Opens the reason modal, but only for the addressee: anyone else is told whose it is. */
  async function openDecline(input: Extract<SlackInput, { kind: 'decline' }>): Promise<void> {
    try {
      const view = await rt.app().view(input.target.incident);
      const handoff = view?.handoffs.find((h) => h.number === input.target.handoff);
      if (!view || !handoff) {
        await tell(input.userId, input.message, `There is no handoff H${input.target.handoff} any more.`);
        return;
      }
      if (handoff.to.handles.slack !== input.userId) {
        // The same words the core uses when the wrong person answers; the core still checks on submit.
        const to = handoff.to.name;
        await tell(
          input.userId,
          input.message,
          `Handoff H${handoff.number} is for ${to}. Only ${to} can accept or decline it.`,
        );
        return;
      }
      const modal = declineModal(
        { ...input.target, ...(input.message ? { message: input.message } : {}) },
        handoff.from.name,
      );
      await retried(() => rt.client.views.open({ trigger_id: input.triggerId, view: modal }));
    } catch (error) {
      await tell(input.userId, input.message, describeError(error));
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
    try {
      const raw = { name: 'decline', reason: input.reason };
      const done = await answer(input.userId, input.target, raw, `slack:view:${input.viewId}`, input.message);
      if (done)
        await showOutcome(
          input.message,
          `Declined by ${await nameOf(input.target, 'to')}: "${input.reason}"`,
        );
    } catch (error) {
      await tell(input.userId, input.message, describeError(error));
    }
  }

  return { accept, openDecline, submitDecline };
}
