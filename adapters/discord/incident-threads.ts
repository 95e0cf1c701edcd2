// A private thread per incident in the incident channel: created on the incident's first
// delivery, linked to the incident in the core (a timeline event), its participants added
// as members, and a status message edited after every change. Private, because the
// channel may be shared by several clients and nothing of one client's outage is shown to
// another (design §1.5).

import {
  ChannelType,
  ThreadAutoArchiveDuration,
  type Client,
  type Message,
  type ThreadChannel,
} from 'discord.js';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { Logger } from '../../src/app/ports.ts';
import { NotFoundError, PlatformError } from '../../src/domain/errors.ts';
import type { DiscordAdapterConfig } from './discord-adapter-config.ts';
import { fitMessage } from './error-reply.ts';
import { handoffOutcome } from './handoff-components.ts';
import { safeError } from './log-safe-error.ts';

export const PLATFORM = 'discord';

interface HandoffMessage {
  channelId: string;
  messageId: string;
  text: string;
}

export class IncidentThreads {
  private readonly threads = new Map<number, Promise<ThreadChannel>>();
  private readonly incidentByThread = new Map<string, number>();
  private readonly members = new Map<string, Set<string>>();
  private readonly statusMessages = new Map<number, Message>();
  private readonly handoffMessages = new Map<string, HandoffMessage>();
  private readonly links = new Set<Promise<void>>();
  private readonly refreshing = new KeyedLock();

  constructor(
    /** A getter: the adapter logs in again with a new client when an intent is refused. */
    private readonly client: () => Client,
    private readonly config: DiscordAdapterConfig,
    private readonly logger: Logger,
    private readonly app: () => HandoffApp,
  ) {}

  /** The incident whose thread this channel is, if any. */
  async incidentFor(channelId: string | null): Promise<number | undefined> {
    if (!channelId) return undefined;
    return this.incidentByThread.get(channelId) ?? (await this.app().incidentForRoom(PLATFORM, channelId));
  }

  /** The incident's thread, created (once, even under concurrent calls) if it has none yet. */
  thread(incidentNumber: number): Promise<ThreadChannel> {
    let thread = this.threads.get(incidentNumber);
    if (!thread) {
      thread = this.openThread(incidentNumber);
      this.threads.set(incidentNumber, thread);
      // A failed creation is retried on the next delivery instead of being remembered; the
      // failure itself reaches whoever awaits `thread`, so this handler only forgets it.
      void thread.catch(() => this.threads.delete(incidentNumber));
    }
    return thread;
  }

  private async openThread(incidentNumber: number): Promise<ThreadChannel> {
    const view = await this.requireView(incidentNumber);
    const existing = view.rooms[PLATFORM];
    const thread = existing ? await this.fetchThread(existing) : await this.createThread(view);
    this.incidentByThread.set(thread.id, incidentNumber);
    await this.addMembers(thread, discordIds(view));
    return thread;
  }

  private async fetchThread(id: string): Promise<ThreadChannel> {
    const channel = await this.client().channels.fetch(id);
    if (!channel?.isThread()) throw new PlatformError(`Discord channel ${id} is not a thread any more.`);
    return channel;
  }

  private async createThread(view: IncidentView): Promise<ThreadChannel> {
    const parent = await this.client().channels.fetch(this.config.incidentChannelId);
    if (parent?.type !== ChannelType.GuildText) {
      throw new PlatformError(
        `DISCORD_INCIDENT_CHANNEL (${this.config.incidentChannelId}) is not a text channel the bot can see.`,
      );
    }
    const thread = await parent.threads.create({
      name: `${view.ref} ${view.siteName}: ${view.title}`.slice(0, 100),
      type: ChannelType.PrivateThread,
      invitable: false,
      autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek,
      reason: `Handoff incident ${view.ref}`,
    });
    this.logger.info({ incident: view.number, thread: thread.id }, 'discord incident thread created');
    this.statusMessages.set(view.number, await thread.send(statusMessage(view)));
    this.link(view.number, thread.id);
    return thread;
  }

  // The link is a change to the incident, and this may run while the core holds that
  // incident's lock (inside a notification): it must not be awaited here, or it would wait
  // for itself. It is tracked, and settle() awaits it.
  private link(incidentNumber: number, threadId: string): void {
    const work = this.app()
      .linkRoom(incidentNumber, PLATFORM, threadId)
      .catch((error: unknown) => {
        this.logger.error(
          { err: safeError(error), incident: incidentNumber },
          'discord thread could not be linked',
        );
      })
      .finally(() => this.links.delete(work));
    this.links.add(work);
  }

  /** Waits for pending room links (before replying, and at stop). */
  async settle(): Promise<void> {
    while (this.links.size > 0) await Promise.all([...this.links]);
  }

  /** Adds these Discord users to the thread once each (a private thread shows only to members). */
  async addMembers(thread: ThreadChannel, userIds: readonly string[]): Promise<void> {
    const added = this.members.get(thread.id) ?? new Set<string>();
    this.members.set(thread.id, added);
    for (const id of userIds) {
      if (added.has(id)) continue;
      await thread.members.add(id);
      added.add(id);
    }
  }

  /** Remembers a handoff request's message so its outcome can be written into it in place. */
  rememberHandoffMessage(incident: number, handoff: number, message: HandoffMessage): void {
    this.handoffMessages.set(`${incident}:${handoff}`, message);
  }

  /** After a change: members, the status message and answered handoff requests. */
  async refresh(incidentNumber: number): Promise<void> {
    await this.refreshing.run(String(incidentNumber), async () => {
      const view = await this.requireView(incidentNumber);
      const thread = await this.thread(incidentNumber);
      await this.addMembers(thread, discordIds(view));
      await this.updateStatus(thread, view);
      await this.updateHandoffMessages(view);
    });
  }

  private async updateStatus(thread: ThreadChannel, view: IncidentView): Promise<void> {
    const known = this.statusMessages.get(view.number);
    const next = statusMessage(view);
    // Unchanged text is not sent again: every edit counts against the channel's rate limit.
    if (known?.content === next.content) return;
    // After a restart the old status message is not known; a fresh one is posted instead.
    const message = known ? await known.edit(next) : await thread.send(next);
    this.statusMessages.set(view.number, message);
  }

  private async updateHandoffMessages(view: IncidentView): Promise<void> {
    for (const h of view.handoffs) {
      const key = `${view.number}:${h.number}`;
      const message = this.handoffMessages.get(key);
      const outcome = handoffOutcome(view, h.number);
      if (!message || !outcome) continue;
      const channel = await this.client().channels.fetch(message.channelId);
      if (!channel?.isSendable()) continue;
      await channel.messages.edit(message.messageId, {
        content: fitMessage(`${message.text}\n\n${outcome}`),
        components: [],
      });
      this.handoffMessages.delete(key);
    }
  }

  private async requireView(incidentNumber: number): Promise<IncidentView> {
    const view = await this.app().view(incidentNumber);
    if (!view) throw new NotFoundError(`There is no incident INC-${incidentNumber}.`);
    return view;
  }
}

function discordIds(view: IncidentView): string[] {
  return view.participants.flatMap((p) => (p.handles.discord ? [p.handles.discord] : []));
}

function statusMessage(view: IncidentView) {
  return {
    content: fitMessage(`📌 **Status** (kept up to date by Handoff)\n${view.statusText}`),
    allowedMentions: { parse: [] as [] },
  };
}
