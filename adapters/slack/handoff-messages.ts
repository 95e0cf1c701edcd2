// The handoff requests we posted with Accept / Decline buttons. However a handoff is
// answered (a button, `/incident accept H1`, a decline, or expiry when its step is done or
// the incident resolved), its message is updated once in place: the outcome replaces the
// buttons, so nobody presses a button that can no longer do anything.

import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import { slackErrorCode, withRetries } from './slack-errors.ts';
import type { HandoffRef, MessageRef } from './slack-payloads.ts';
import { answeredMessage } from './slack-render.ts';
import type { SlackRuntime } from './slack-runtime.ts';

export interface HandoffMessages {
  /** Remembers a posted request (or one a button was pressed on, known again after a restart). */
  remember(target: HandoffRef, message: MessageRef): void;
  /** Writes the outcome into every remembered request of this incident that is no longer pending. Never throws. */
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

export function createHandoffMessages(rt: SlackRuntime): HandoffMessages {
  // incident number → handoff number → the message(s) asking for it (a room post and, after
  // a restart, the message a button came from may differ).
  const known = new Map<number, Map<number, Map<string, MessageRef>>>();
  // One settle per incident at a time: a button's settle and incidentChanged's must not both update.
  const locks = new KeyedLock();
  const retried = <T>(call: () => Promise<T>) => withRetries(rt.retry.attempts, rt.retry.delayMs, call);

  function remember(target: HandoffRef, message: MessageRef): void {
    const byHandoff = known.get(target.incident) ?? new Map<number, Map<string, MessageRef>>();
    known.set(target.incident, byHandoff);
    const messages = byHandoff.get(target.handoff) ?? new Map<string, MessageRef>();
    byHandoff.set(target.handoff, messages);
    messages.set(`${message.channelId}:${message.ts}`, message);
  }

  async function update(message: MessageRef, outcome: string): Promise<boolean> {
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
      return true;
    } catch (error) {
      const code = slackErrorCode(error);
      rt.logger.warn({ channel: message.channelId, slackError: code }, 'slack handoff message not updated');
      // A deleted message will never take the update; anything else is tried at the next change.
      return code === 'message_not_found';
    }
  }

  async function settle(view: IncidentView): Promise<void> {
    await locks.run(String(view.number), async () => {
      const byHandoff = known.get(view.number);
      if (!byHandoff) return;
      for (const [handoff, messages] of byHandoff) {
        const outcome = handoffOutcome(view, handoff);
        if (!outcome) continue;
        for (const [key, message] of messages) {
          if (await update(message, outcome)) messages.delete(key);
        }
        if (messages.size === 0) byHandoff.delete(handoff);
      }
      if (byHandoff.size === 0) known.delete(view.number);
    });
  }

  return { remember, settle };
}
