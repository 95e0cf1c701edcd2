// The messages the bot edits after it posted them: the incident's status message and each
// handoff request (its outcome is written into it). Their ids are kept in the database
// (app.refs('discord')), so after a restart the same message is edited and no second status
// is posted; a message someone deleted is posted afresh.

import { DiscordAPIError, RESTJSONErrorCodes, type Client, type ThreadChannel } from 'discord.js';
import type { IncidentView } from '../../src/app/incident-view.ts';
import type { PlatformRefs } from '../../src/app/platform-refs.ts';
import { fitMessage } from './error-reply.ts';
import { handoffOutcome } from './handoff-components.ts';

/** Where a message is, and the text it was last given (an unchanged text is not sent again). */
export interface MessageRef {
  channelId: string;
  messageId: string;
  content: string;
}

const statusKey = (incident: number) => `status:${incident}`;
const handoffKey = (incident: number, handoff: number) => `handoff:${incident}:${handoff}`;

export class ThreadMessages {
  constructor(
    private readonly client: () => Client,
    private readonly refs: () => PlatformRefs,
  ) {}

  /** Posts the incident's status message, or edits the one it has; never a second one. */
  async updateStatus(thread: ThreadChannel, view: IncidentView): Promise<void> {
    const key = statusKey(view.number);
    const next = statusMessage(view);
    const known = await this.load(key);
    // Unchanged text is not sent again: every edit counts against the channel's rate limit.
    if (known?.content === next.content) return;
    if (known && (await this.edit(known, next))) {
      await this.refs().put(key, { ...known, content: next.content });
      return;
    }
    const posted = await thread.send(next);
    const mine: MessageRef = { channelId: thread.id, messageId: posted.id, content: next.content };
    // A deleted one is replaced. Otherwise another process may have posted the status while
    // this one did: the first stored wins, the other removes its own and edits the winner.
    if (known) return this.refs().put(key, { ...mine });
    if (await this.refs().putIfAbsent(key, { ...mine })) return;
    await posted.delete();
    await this.updateStatus(thread, view);
  }

  /** Remembers a handoff request's message so its outcome can be written into it in place. */
  async rememberHandoff(incident: number, handoff: number, message: MessageRef): Promise<void> {
    await this.refs().put(handoffKey(incident, handoff), { ...message });
  }

  /** Writes each answered request's outcome into its message (buttons removed), once. */
  async updateHandoffs(view: IncidentView): Promise<void> {
    for (const h of view.handoffs) {
      const outcome = handoffOutcome(view, h.number);
      if (!outcome) continue;
      const key = handoffKey(view.number, h.number);
      const message = await this.load(key);
      if (!message) continue;
      await this.edit(message, {
        content: fitMessage(`${message.content}\n\n${outcome}`),
        components: [],
      });
      await this.refs().delete(key);
    }
  }

  private async load(key: string): Promise<MessageRef | null> {
    const value = await this.refs().get(key);
    return isMessageRef(value) ? value : null;
  }

  /** Edits the message; false when it is gone (deleted by someone, or its channel is). */
  private async edit(ref: MessageRef, payload: { content: string; components?: [] }): Promise<boolean> {
    try {
      const channel = await this.client().channels.fetch(ref.channelId);
      if (!channel?.isSendable()) return false;
      await channel.messages.edit(ref.messageId, payload);
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel)
  );
}

function isMessageRef(value: unknown): value is MessageRef {
  const v = value as Partial<MessageRef> | null;
  return typeof v?.channelId === 'string' && typeof v.messageId === 'string' && typeof v.content === 'string';
}

export function statusMessage(view: IncidentView) {
  return {
    content: fitMessage(`📌 **Status** (kept up to date by Handoff)\n${view.statusText}`),
    allowedMentions: { parse: [] as [] },
  };
}
