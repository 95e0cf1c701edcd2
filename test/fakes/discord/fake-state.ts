// What the fake Discord knows: one guild with an incident channel, its members, the
// threads and messages the bot makes, registered commands and every interaction's
// responses. REST routes change it; changes a real Discord would announce on the
// gateway (THREAD_CREATE, MESSAGE_CREATE, MESSAGE_UPDATE) are dispatched there.

import {
  ChannelType,
  GatewayDispatchEvents,
  type APIChannel,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
} from 'discord-api-types/v10';
import { message, snowflake, thread, user } from './payloads.ts';

export interface InteractionRecord {
  id: string;
  token: string;
  callbacks: Array<{ type: number; data?: Record<string, unknown> }>;
  /** Edits of the original response (editReply after deferReply). */
  edits: Array<Record<string, unknown>>;
  followUps: Array<Record<string, unknown>>;
}

export interface StateOptions {
  token: string;
  appId: string;
  guildId: string;
  incidentChannelId: string;
  botUser: APIUser;
}

export class FakeDiscordState {
  readonly token: string;
  readonly appId: string;
  readonly guildId: string;
  readonly incidentChannelId: string;
  readonly botUser: APIUser;
  readonly users = new Map<string, APIUser>();
  /** Users who are members of the guild; a Discord user who left it (or never joined) is not. */
  readonly guildMembers = new Set<string>();
  readonly channels = new Map<string, APIChannel>();
  readonly messages = new Map<string, APIMessage[]>();
  readonly threadMembers = new Map<string, Set<string>>();
  readonly interactions = new Map<string, InteractionRecord>();
  commands: unknown[] = [];
  gatewayUrl = '';
  /** Set by FakeDiscord: how REST changes reach the gateway. */
  dispatch: (t: string, d: unknown) => void = () => {};

  constructor(options: StateOptions) {
    this.token = options.token;
    this.appId = options.appId;
    this.guildId = options.guildId;
    this.incidentChannelId = options.incidentChannelId;
    this.botUser = options.botUser;
    this.users.set(options.botUser.id, options.botUser);
    this.guildMembers.add(options.botUser.id);
  }

  /** A Discord user; a member of the guild unless `inGuild` is false. */
  addUser(id: string, name: string, inGuild = true): APIUser {
    const u = user(id, name);
    this.users.set(id, u);
    if (inGuild) this.guildMembers.add(id);
    return u;
  }

  gatewayBot() {
    return {
      url: this.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    };
  }

  registerCommands(body: unknown): unknown[] {
    this.commands = (body as Array<Record<string, unknown>>).map((c) => ({
      id: snowflake(),
      application_id: this.appId,
      guild_id: this.guildId,
      version: snowflake(),
      type: 1,
      default_member_permissions: null,
      ...c,
    }));
    return this.commands;
  }

  threads(): APIThreadChannel[] {
    return [...this.channels.values()].filter(
      (c): c is APIThreadChannel =>
        c.type === ChannelType.PublicThread || c.type === ChannelType.PrivateThread,
    );
  }

  createThread(parentId: string, body: unknown): APIThreadChannel {
    const b = body as { name: string; type?: number; auto_archive_duration?: number };
    const type = b.type === ChannelType.PublicThread ? ChannelType.PublicThread : ChannelType.PrivateThread;
    const created = thread(
      snowflake(),
      this.guildId,
      parentId,
      b.name,
      this.botUser.id,
      type,
      b.auto_archive_duration ?? 4320,
    );
    this.channels.set(created.id, created);
    this.threadMembers.set(created.id, new Set([this.botUser.id]));
    this.dispatch(GatewayDispatchEvents.ThreadCreate, { ...created, newly_created: true });
    return created;
  }

  /** Deletes a thread with its messages; THREAD_DELETE is dispatched. */
  deleteThread(threadId: string): APIThreadChannel | undefined {
    const found = this.threads().find((t) => t.id === threadId);
    if (!found) return undefined;
    this.channels.delete(threadId);
    this.messages.delete(threadId);
    this.threadMembers.delete(threadId);
    this.dispatch(GatewayDispatchEvents.ThreadDelete, {
      id: found.id,
      guild_id: this.guildId,
      parent_id: found.parent_id,
      type: found.type,
    });
    return found;
  }

  addThreadMember(threadId: string, userId: string): void {
    this.threadMembers.get(threadId)?.add(userId);
  }

  /** A message as Discord stores it; MESSAGE_CREATE is dispatched as for any post. */
  postMessage(channelId: string, body: unknown, author: APIUser = this.botUser): APIMessage {
    const b = body as { content?: string; components?: []; message_reference?: { message_id: string } };
    const guildId = this.channels.get(channelId)?.type === ChannelType.DM ? undefined : this.guildId;
    const posted = message(snowflake(), channelId, author, b.content ?? '', {
      components: b.components ?? [],
      ...(guildId ? { guildId } : {}),
      ...(b.message_reference ? { referenceId: b.message_reference.message_id } : {}),
    });
    const list = this.messages.get(channelId) ?? [];
    list.push(posted);
    this.messages.set(channelId, list);
    this.dispatch(GatewayDispatchEvents.MessageCreate, posted);
    return posted;
  }

  editMessage(channelId: string, messageId: string, body: unknown): APIMessage | undefined {
    const found = this.messages.get(channelId)?.find((m) => m.id === messageId);
    if (!found) return undefined;
    const b = body as { content?: string; components?: [] };
    if (b.content !== undefined) found.content = b.content;
    if (b.components !== undefined) found.components = b.components;
    found.edited_timestamp = new Date().toISOString();
    this.dispatch(GatewayDispatchEvents.MessageUpdate, { ...found, guild_id: this.guildId });
    return found;
  }

  /** Deletes a message (by the bot over REST, or by a moderator); MESSAGE_DELETE is dispatched. */
  deleteMessage(channelId: string, messageId: string): boolean {
    const list = this.messages.get(channelId);
    const index = list?.findIndex((m) => m.id === messageId) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    this.dispatch(GatewayDispatchEvents.MessageDelete, {
      id: messageId,
      channel_id: channelId,
      guild_id: this.guildId,
    });
    return true;
  }

  openDm(recipientId: string): APIChannel {
    const existing = [...this.channels.values()].find(
      (c) => c.type === ChannelType.DM && c.recipients?.[0]?.id === recipientId,
    );
    if (existing) return existing;
    const dm = {
      id: snowflake(),
      type: ChannelType.DM,
      last_message_id: null,
      recipients: [this.users.get(recipientId) ?? user(recipientId, recipientId)],
    } as APIChannel;
    this.channels.set(dm.id, dm);
    return dm;
  }

  expectInteraction(id: string, token: string): void {
    this.interactions.set(id, { id, token, callbacks: [], edits: [], followUps: [] });
  }

  interactionCallback(id: string, token: string, body: unknown) {
    const record = this.interactions.get(id);
    if (!record || record.token !== token)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (record.callbacks.length > 0) {
      return {
        status: 400,
        body: { message: 'Interaction has already been acknowledged.', code: 40060 },
      };
    }
    record.callbacks.push(body as InteractionRecord['callbacks'][number]);
    return { status: 204 };
  }

  editOriginal(token: string, body: unknown) {
    const record = [...this.interactions.values()].find((r) => r.token === token);
    if (!record || record.callbacks.length === 0)
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    record.edits.push(body as Record<string, unknown>);
    const b = body as { content?: string };
    return { status: 200, body: message(snowflake(), 'original', this.botUser, b.content ?? '') };
  }

  followUp(token: string, body: unknown) {
    const record = [...this.interactions.values()].find((r) => r.token === token);
    if (!record) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    record.followUps.push(body as Record<string, unknown>);
    const b = body as { content?: string };
    return { status: 200, body: message(snowflake(), 'followup', this.botUser, b.content ?? '') };
  }
}
