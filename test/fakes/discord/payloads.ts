// Discord's object shapes (discord-api-types v10), complete enough for discord.js's
// constructors: users with discriminators, members with joined_at, messages with every
// array field, channels and threads with their metadata.

import {
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  InteractionType,
  MessageType,
  type APIApplicationCommandInteractionDataOption,
  type APIChannel,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIMessageComponent,
  type APIThreadChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';

export const EVERYONE_PERMISSIONS = '2248473465835073';
export const T_JOINED = '2026-01-01T00:00:00.000Z';

let counter = 0n;
/** Snowflake-like ids that sort in creation order and never collide within a run. */
export function snowflake(): string {
  counter += 1n;
  return String((BigInt(Date.now() - 1420070400000) << 22n) + counter);
}

export function user(id: string, name: string, bot = false): APIUser {
  return {
    id,
    username: name.toLowerCase().replace(/\W+/g, ''),
    global_name: name,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

export function member(u: APIUser): APIGuildMember {
  return {
    user: u,
    roles: [],
    joined_at: T_JOINED,
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
  } as unknown as APIGuildMember;
}

export function textChannel(id: string, guildId: string, name: string): APIChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  } as APIChannel;
}

export function thread(
  id: string,
  guildId: string,
  parentId: string,
  name: string,
  ownerId: string,
  type: ChannelType.PublicThread | ChannelType.PrivateThread,
  autoArchive: number,
): APIThreadChannel {
  return {
    id,
    type,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: autoArchive,
      archive_timestamp: new Date().toISOString(),
      locked: false,
      invitable: false,
      create_timestamp: new Date().toISOString(),
    },
  } as unknown as APIThreadChannel;
}

export function message(
  id: string,
  channelId: string,
  author: APIUser,
  content: string,
  extra: { components?: APIMessageComponent[]; guildId?: string; referenceId?: string } = {},
): APIMessage & { guild_id?: string; member?: Omit<APIGuildMember, 'user'> } {
  return {
    id,
    channel_id: channelId,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: extra.referenceId ? MessageType.Reply : MessageType.Default,
    flags: 0,
    components: (extra.components ?? []) as APIMessage['components'],
    ...(extra.referenceId
      ? { message_reference: { message_id: extra.referenceId, channel_id: channelId } }
      : {}),
    ...(extra.guildId ? { guild_id: extra.guildId, member: { ...member(author), user: undefined } } : {}),
  } as unknown as APIMessage & { guild_id?: string };
}

export function guildCreate(
  guildId: string,
  ownerId: string,
  channels: APIChannel[],
  threads: APIThreadChannel[],
  members: APIGuildMember[],
): GatewayGuildCreateDispatchData {
  return {
    id: guildId,
    name: 'BrightDesk customers',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: EVERYONE_PERMISSIONS,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    stickers: [],
    joined_at: T_JOINED,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels,
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    hub_type: null,
    incidents_data: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    approximate_member_count: members.length,
    approximate_presence_count: 0,
    nsfw: false,
    lazy: true,
  } as unknown as GatewayGuildCreateDispatchData;
}

/** The guild as REST's GET /guilds/{id} returns it: GUILD_CREATE's guild without what only the gateway sends. */
export function restGuild(guildId: string, ownerId: string): Record<string, unknown> {
  const {
    joined_at: _joined,
    large: _large,
    member_count: _count,
    voice_states: _voice,
    members: _members,
    channels: _channels,
    threads: _threads,
    presences: _presences,
    stage_instances: _stage,
    guild_scheduled_events: _events,
    soundboard_sounds: _sounds,
    lazy: _lazy,
    unavailable: _unavailable,
    ...guild
  } = guildCreate(guildId, ownerId, [], [], []) as unknown as Record<string, unknown>;
  return guild;
}

/** Slash command options as Discord sends them: `/incident step add …` nests a group. */
export function commandOptions(
  path: string,
  values: Record<string, string | number | { user: string }>,
): APIApplicationCommandInteractionDataOption[] {
  const leaf = Object.entries(values).map(([name, value]) => {
    if (typeof value === 'object')
      return { name, type: ApplicationCommandOptionType.User, value: value.user };
    if (typeof value === 'number') return { name, type: ApplicationCommandOptionType.Integer, value };
    return { name, type: ApplicationCommandOptionType.String, value };
  });
  const [first = '', second] = path.split(' ');
  const sub = { type: ApplicationCommandOptionType.Subcommand, name: second ?? first, options: leaf };
  return (
    second ? [{ type: ApplicationCommandOptionType.SubcommandGroup, name: first, options: [sub] }] : [sub]
  ) as APIApplicationCommandInteractionDataOption[];
}

export interface InteractionContext {
  id: string;
  token: string;
  appId: string;
  guildId: string;
  channel: APIChannel;
  actor: APIUser;
}

function base(ctx: InteractionContext) {
  return {
    id: ctx.id,
    application_id: ctx.appId,
    token: ctx.token,
    version: 1,
    guild_id: ctx.guildId,
    guild: { id: ctx.guildId, locale: 'en-US', features: [] },
    channel_id: ctx.channel.id,
    channel: ctx.channel,
    member: { ...member(ctx.actor), permissions: EVERYONE_PERMISSIONS },
    app_permissions: EVERYONE_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { 0: ctx.guildId },
    context: 0,
    attachment_size_limit: 10485760,
  };
}

export function chatInput(
  ctx: InteractionContext,
  commandId: string,
  options: APIApplicationCommandInteractionDataOption[],
  resolvedUsers: APIUser[],
  autocomplete = false,
): APIInteraction {
  const users = Object.fromEntries(resolvedUsers.map((u) => [u.id, u]));
  const members = Object.fromEntries(
    resolvedUsers.map((u) => [u.id, { ...member(u), user: undefined, permissions: EVERYONE_PERMISSIONS }]),
  );
  return {
    ...base(ctx),
    type: autocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand,
    data: {
      id: commandId,
      name: 'incident',
      type: 1,
      guild_id: ctx.guildId,
      options,
      ...(resolvedUsers.length ? { resolved: { users, members } } : {}),
    },
  } as unknown as APIInteraction;
}

export function buttonPress(ctx: InteractionContext, customId: string, pressed: APIMessage): APIInteraction {
  return {
    ...base(ctx),
    type: InteractionType.MessageComponent,
    message: pressed,
    data: { custom_id: customId, component_type: ComponentType.Button },
  } as unknown as APIInteraction;
}

export function modalSubmit(
  ctx: InteractionContext,
  customId: string,
  fields: Record<string, string>,
): APIInteraction {
  return {
    ...base(ctx),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value], i) => ({
        type: ComponentType.Label,
        id: i + 1,
        component: { type: ComponentType.TextInput, id: i + 2, custom_id: id, value },
      })),
    },
  } as unknown as APIInteraction;
}
