// A private thread per incident in the incident channel: created on the incident's first
// delivery, linked to the incident in the core (a timeline event), its participants added
// as members, and a status message edited after every change. Private, because the
// channel may be shared by several clients and nothing of one client's outage is shown to
// another (design §1.5).

import { ChannelType, ThreadAutoArchiveDuration, type Client, type ThreadChannel } from 'discord.js';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { IncidentView } from '../../src/app/incident-view.ts';
import { KeyedLock } from '../../src/app/keyed-lock.ts';
import type { Logger } from '../../src/app/ports.ts';
import { NotFoundError, PlatformError } from '../../src/domain/errors.ts';
import type { DiscordAdapterConfig } from './discord-adapter-config.ts';
import { discordDeliveryError } from './delivery-error.ts';
import { safeError } from './log-safe-error.ts';
import { ThreadMessages, type MessageRef } from './thread-messages.ts';

export const PLATFORM = 'discord';

const threadKey = (incident: number) => `thread:${incident}`;

/** A participant Discord will not add to the thread, and why (e.g. "not in the server"). */
interface Unreachable {
  personId: string;
  reason: string;
}

export class IncidentThreads {
  private readonly threads = new Map<number, Promise<ThreadChannel>>();
  private readonly incidentByThread = new Map<string, number>();
  /** Per thread, the users added to it in this process. */
  private readonly members = new Map<string, Set<string>>();
  /** Per thread, the users Discord would not add: not tried again by every refresh. */
  private readonly unreachable = new Map<string, Set<string>>();
  private readonly links = new Set<Promise<void>>();
  private readonly refreshing = new KeyedLock();
  private readonly messages: ThreadMessages;

  constructor(
    /** A getter: the adapter logs in again with a new client when an intent is refused. */
    private readonly client: () => Client,
    private readonly config: DiscordAdapterConfig,
    private readonly logger: Logger,
    private readonly app: () => HandoffApp,
  ) {
    this.messages = new ThreadMessages(client, () => app().refs(PLATFORM));
  }

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
    // The link is the usual way back; the stored ref covers a link that failed or is pending.
    const existing = view.rooms[PLATFORM] ?? (await this.storedThreadId(incidentNumber));
    const thread = existing ? await this.fetchThread(existing) : await this.createThread(view);
    this.incidentByThread.set(thread.id, incidentNumber);
    return thread;
  }

  private async storedThreadId(incidentNumber: number): Promise<string | undefined> {
    const stored = await this.app().refs(PLATFORM).get(threadKey(incidentNumber));
    return typeof stored?.threadId === 'string' ? stored.threadId : undefined;
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
    // Stored before anything else, so a restart (or a link that failed) finds this thread,
    // and a second process that created one at the same time removes its own.
    if (!(await this.app().refs(PLATFORM).putIfAbsent(threadKey(view.number), { threadId: thread.id }))) {
      await thread.delete('another Handoff process created this incident’s thread first');
      return this.openThread(view.number);
    }
    this.logger.info({ incident: view.number, thread: thread.id }, 'discord incident thread created');
    this.link(view.number, thread.id);
    try {
      await this.messages.updateStatus(thread, view);
    } catch (error) {
      // The thread is there and usable; the next refresh posts the status.
      this.logger.warn({ err: safeError(error), incident: view.number }, 'discord status not posted yet');
    }
    return thread;
  }

  // Not awaited: the link is a change to the incident, and without a delivery worker (tests,
  // scripts) a change delivers its own outbox entries before it returns, among them "bring
  // this incident's thread up to date", which waits for the thread being opened here: it
  // would wait for itself. It is tracked, settle() awaits it, and the stored thread ref
  // (threadKey) finds the thread again even if the link failed.
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

  /**
   * Adds one person to the thread (a private thread shows only to members). Throws a
   * PlatformError, permanent when Discord says they cannot be added (not in the server).
   */
  async addMember(thread: ThreadChannel, userId: string): Promise<void> {
    const added = this.membersOf(thread.id);
    if (added.has(userId)) return;
    try {
      await thread.members.add(userId);
    } catch (error) {
      const failure = discordDeliveryError(error);
      if (failure.permanent) this.unreachableIn(thread.id).add(userId);
      throw failure;
    }
    added.add(userId);
    this.unreachableIn(thread.id).delete(userId);
  }

  /**
   * Adds the incident's participants person by person: one Discord will not add is skipped
   * (and returned, to be reported), and so is one that failed for now (the first such
   * failure is returned, to be retried); the others are still added.
   */
  private async addParticipants(
    thread: ThreadChannel,
    view: IncidentView,
  ): Promise<{ skipped: Unreachable[]; retry?: unknown }> {
    let retry: unknown;
    const skipped: Unreachable[] = [];
    const unreachable = this.unreachableIn(thread.id);
    for (const person of view.participants) {
      const userId = person.handles.discord;
      if (!userId || unreachable.has(userId)) continue;
      try {
        await this.addMember(thread, userId);
      } catch (error) {
        const failure = discordDeliveryError(error);
        if (!failure.permanent) retry ??= failure;
        else skipped.push({ personId: person.id, reason: failure.message });
      }
    }
    return retry === undefined ? { skipped } : { skipped, retry };
  }

  /** Remembers a handoff request's message so its outcome can be written into it in place. */
  async rememberHandoffMessage(incident: number, handoff: number, message: MessageRef): Promise<void> {
    await this.messages.rememberHandoff(incident, handoff, message);
  }

  /**
   * After a change: members, the status message and answered handoff requests. Each is
   * tried even when one before it failed; the first failure is thrown, so it is retried.
   */
  async refresh(incidentNumber: number): Promise<void> {
    const { skipped, failed } = await this.refreshing.run(String(incidentNumber), async () => {
      const view = await this.requireView(incidentNumber);
      const thread = await this.thread(incidentNumber);
      const { skipped, retry } = await this.addParticipants(thread, view);
      let failed = retry;
      const attempt = async (step: () => Promise<void>) => {
        try {
          await step();
        } catch (error) {
          failed ??= error;
        }
      };
      await attempt(() => this.messages.updateStatus(thread, view));
      await attempt(() => this.messages.updateHandoffs(view));
      return { skipped, failed };
    });
    // Reported once this incident's refresh is over: the report is a change, whose own
    // deliveries (without a worker, made before it returns) refresh this incident again.
    for (const { personId, reason } of skipped) {
      this.logger.warn({ incident: incidentNumber, person: personId, reason }, 'discord member not added');
      await this.app().reportUnreachable(incidentNumber, PLATFORM, personId, reason);
    }
    if (failed !== undefined) throw failed;
  }

  private membersOf(threadId: string): Set<string> {
    const known = this.members.get(threadId) ?? new Set<string>();
    this.members.set(threadId, known);
    return known;
  }

  private unreachableIn(threadId: string): Set<string> {
    const known = this.unreachable.get(threadId) ?? new Set<string>();
    this.unreachable.set(threadId, known);
    return known;
  }

  private async requireView(incidentNumber: number): Promise<IncidentView> {
    const view = await this.app().view(incidentNumber);
    if (!view) throw new NotFoundError(`There is no incident INC-${incidentNumber}.`);
    return view;
  }
}
