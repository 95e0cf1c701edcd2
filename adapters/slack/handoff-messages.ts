// The handoff requests we posted with Accept / Decline buttons. However a handoff is
// answered (a button, `/incident accept H1`, a decline, or expiry when its step is done or
// the incident resolved), its message is updated once in place: the outcome replaces the
// buttons, so nobody presses a button that can no longer do anything.

import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import { slackErrorCode } from './slack-errors.ts';
import type { HandoffRef, MessageRef } from './slack-payloads.ts';
import { answeredMessage } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

export interface HandoffMessages {
  /**
   * Remembers a posted request (or one a button was pressed on), and settles it at once if
   * its handoff was already answered. Never throws: a failure is logged (and a message left
   * remembered is settled by the next refresh).
   */
  remember(target: HandoffRef, message: MessageRef): Promise<void>;
  /**
   * Writes the outcome into every remembered request of this incident that is no longer
   * pending. Throws Slack's first failure after trying them all (a deleted message is forgotten).
   */
  settle(view: IncidentView): Promise<void>;
}

/** The words that replace the buttons once the handoff is no longer pending. */
export function handoffOutcome(view: IncidentView, handoff: number): string | undefined {
  const h = view.handoffs.find((x) => x.number === handoff);
  switch (h?.status) {
    case 'accepted':
      return `Accepted by ${h.to.name}.`;
    case 'declined':
      return `Declined by ${h.to.name}: "${h.reason ?? ''}"`;
    case 'expired':
      return `H${h.number} is closed${h.reason ? `: ${h.reason}` : '.'}`;
    default:
      return undefined;
  }
}

const keyOf = (target: HandoffRef) => `handoff:${target.incident}:${target.handoff}`;

function parse(value: Record<string, unknown> | null): MessageRef[] {
  const messages = Array.isArray(value?.messages) ? (value.messages as unknown[]) : [];
  return messages.flatMap((m) => {
    const r = m as Partial<MessageRef> | null;
    return typeof r?.channelId === 'string' && typeof r.ts === 'string' && typeof r.text === 'string'
      ? [{ channelId: r.channelId, ts: r.ts, text: r.text }]
      : [];
  });
}

export function createHandoffMessages(rt: SlackRuntime): HandoffMessages {
  // The messages asking for each handoff (the request, its reminders, and the message a
  // button came from) are stored in the database under `handoff:<incident>:<n>`, so their
  // buttons give way to the outcome even after a restart, whichever process settles them.
  // One change to a handoff's list at a time in this process; across processes the lists
  // are written rarely and far apart (a request, a reminder minutes later).
  const locks = new KeyedLock();
  const refs = () => rt.app().refs('slack');

  async function remember(target: HandoffRef, message: MessageRef): Promise<void> {
    const key = keyOf(target);
    try {
      await locks.run(key, async () => {
        const messages = parse(await refs().get(key));
        if (messages.some((m) => m.channelId === message.channelId && m.ts === message.ts)) return;
        await refs().put(key, { messages: [...messages, message] });
        // The answer may have come first: its status refresh found nothing to settle when
        // this request's delivery was late (taken over from a killed process, or slower
        // than the receiver). Read after the put, so one of the two always sees the other.
        const view = await rt.app().view(target.incident);
        const outcome = view ? handoffOutcome(view, target.handoff) : undefined;
        // A refusal is logged by update(), and the message stays for the next refresh.
        if (outcome) await settleKey(key, outcome);
      });
    } catch (error) {
      // The request is out; posting it again would double it. Its buttons just stay.
      rt.logger.error({ err: error, handoff: key }, 'slack handoff message not remembered');
    }
  }

  /** Updates the message; one deleted in Slack is done with too (it will never take the update). */
  async function update(message: MessageRef, outcome: string): Promise<void> {
    const updated = answeredMessage(message.text, outcome);
    try {
      await rt.client.chat.update({
        channel: message.channelId,
        ts: message.ts,
        text: updated.text,
        blocks: updated.blocks,
      });
    } catch (error) {
      const code = slackErrorCode(error);
      rt.logger.warn({ channel: message.channelId, slackError: code }, 'slack handoff message not updated');
      if (code !== 'message_not_found') throw error;
    }
  }

  /**
   * Writes the outcome into each message remembered under `key` and forgets those done; keeps
   * those Slack refused, and returns its first refusal. Only under the key's lock.
   */
  async function settleKey(key: string, outcome: string): Promise<unknown> {
    const messages = parse(await refs().get(key));
    if (messages.length === 0) return undefined;
    let failed: unknown;
    const left: MessageRef[] = [];
    for (const message of messages) {
      try {
        await update(message, outcome);
      } catch (error) {
        failed ??= error;
        left.push(message);
      }
    }
    if (left.length === 0) await refs().delete(key);
    else if (left.length < messages.length) await refs().put(key, { messages: left });
    return failed;
  }

  async function settle(view: IncidentView): Promise<void> {
    let failed: unknown;
    for (const h of view.handoffs) {
      const outcome = handoffOutcome(view, h.number);
      if (!outcome) continue;
      const key = keyOf({ incident: view.number, handoff: h.number });
      const refused = await locks.run(key, () => settleKey(key, outcome));
      failed ??= refused;
    }
    if (failed !== undefined) throw failed;
  }

  return { remember, settle };
}
