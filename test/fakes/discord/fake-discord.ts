// A local fake Discord for tests: REST (fake-rest.ts) and gateway (fake-gateway.ts) over
// one shared state, plus the moves a test makes as a Discord user: run a slash command,
// press a button, submit a modal, type in a thread. Each move is dispatched on the gateway
// as Discord would, and the helpers wait for the bot's answer to arrive over REST.

import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { FakeGateway } from './fake-gateway.ts';
import { FakeRest } from './fake-rest.ts';
import { FakeDiscordState, type InteractionRecord } from './fake-state.ts';
import {
  buttonPress,
  chatInput,
  commandOptions,
  guildCreate,
  member,
  message,
  modalSubmit,
  snowflake,
  textChannel,
  user,
  type InteractionContext,
} from './payloads.ts';

export interface FakeDiscordOptions {
  /** Discord users; members of the guild unless `inGuild` is false (they left, or never joined). */
  people: Array<{ id: string; name: string; inGuild?: boolean }>;
  heartbeatIntervalMs?: number;
  /** False: the MessageContent intent is not enabled for the bot, and asking for it closes the gateway with 4014. */
  messageContentAllowed?: boolean;
}

export const FAKE_TOKEN = 'fake-discord-token.secret-part.do-not-log';
export const FAKE_APP_ID = '900000000000000001';
export const FAKE_GUILD_ID = '900000000000000002';
export const FAKE_INCIDENT_CHANNEL = '900000000000000003';

export type OptionValues = Record<string, string | number | { user: string }>;

export class FakeDiscord {
  readonly state: FakeDiscordState;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  apiUrl = '';

  private constructor(options: FakeDiscordOptions) {
    this.state = new FakeDiscordState({
      token: FAKE_TOKEN,
      appId: FAKE_APP_ID,
      guildId: FAKE_GUILD_ID,
      incidentChannelId: FAKE_INCIDENT_CHANNEL,
      botUser: user(FAKE_APP_ID, 'Handoff', true),
    });
    for (const p of options.people) this.state.addUser(p.id, p.name, p.inGuild ?? true);
    this.state.channels.set(
      FAKE_INCIDENT_CHANNEL,
      textChannel(FAKE_INCIDENT_CHANNEL, FAKE_GUILD_ID, 'incidents'),
    );
    this.rest = new FakeRest(this.state);
    this.gateway = new FakeGateway(
      {
        token: FAKE_TOKEN,
        ready: (sessionId) => ({
          v: 10,
          user: { ...this.state.botUser, bot: true, verified: true, mfa_enabled: false },
          guilds: [{ id: FAKE_GUILD_ID, unavailable: true }],
          session_id: sessionId,
          resume_gateway_url: this.gateway.url,
          application: { id: FAKE_APP_ID, flags: 0 as never, flags_new: '0' },
        }),
        guilds: () => [
          guildCreate(
            FAKE_GUILD_ID,
            options.people[0]?.id ?? FAKE_APP_ID,
            [...this.state.channels.values()].filter((c) => c.id === FAKE_INCIDENT_CHANNEL),
            this.state.threads(),
            [...this.state.users.values()].filter((u) => this.state.guildMembers.has(u.id)).map(member),
          ),
        ],
        messageContentAllowed: () => options.messageContentAllowed ?? true,
      },
      options.heartbeatIntervalMs,
    );
    this.state.dispatch = (t, d) => {
      if (this.gateway.current) this.gateway.dispatch(t, d);
    };
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.state.gatewayUrl = await fake.gateway.listen();
    fake.apiUrl = await fake.rest.listen();
    return fake;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await this.rest.close();
  }

  /** Messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): APIMessage[] {
    return this.state.messages.get(channelId) ?? [];
  }

  /** Sends INTERACTION_CREATE without waiting; returns the record the bot's answers land in. */
  dispatchInteraction(payload: { id: string; token: string }): InteractionRecord {
    if (!this.state.interactions.has(payload.id)) this.state.expectInteraction(payload.id, payload.token);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return this.state.interactions.get(payload.id)!;
  }

  /** `/incident <path> …options` by `actorId` in `channelId`; resolves with the bot's final answer. */
  async command(actorId: string, path: string, values: OptionValues = {}, channelId = FAKE_INCIDENT_CHANNEL) {
    return this.answered(this.dispatchInteraction(this.buildCommand(actorId, path, values, channelId)));
  }

  /** The INTERACTION_CREATE payload of `/incident <path>`, for a test that dispatches it itself. */
  buildCommand(actorId: string, path: string, values: OptionValues = {}, channelId = FAKE_INCIDENT_CHANNEL) {
    const mentioned = Object.values(values).flatMap((v) =>
      typeof v === 'object' ? [this.requireUser(v.user)] : [],
    );
    const payload = chatInput(
      this.context(actorId, channelId),
      snowflake(),
      commandOptions(path, values),
      mentioned,
    );
    return payload as unknown as { id: string; token: string };
  }

  /** Typing into an autocompleted option; resolves with the choices the bot offered. */
  async autocomplete(actorId: string, path: string, values: OptionValues, focused: string) {
    const options = commandOptions(path, values) as unknown as Array<{
      options: Array<Record<string, unknown>>;
    }>;
    for (const o of options[0]!.options) if (o.name === focused) o.focused = true;
    const payload = chatInput(
      this.context(actorId, FAKE_INCIDENT_CHANNEL),
      snowflake(),
      options as never,
      [],
      true,
    );
    return this.answered(this.dispatchInteraction(payload as unknown as { id: string; token: string }));
  }

  async press(actorId: string, pressed: APIMessage, customId: string) {
    const payload = buttonPress(this.context(actorId, pressed.channel_id), customId, pressed);
    return this.answered(this.dispatchInteraction(payload as unknown as { id: string; token: string }));
  }

  async submitModal(actorId: string, channelId: string, customId: string, fields: Record<string, string>) {
    const payload = modalSubmit(this.context(actorId, channelId), customId, fields);
    return this.answered(this.dispatchInteraction(payload as unknown as { id: string; token: string }));
  }

  /** A person types a plain message in a channel: stored and dispatched as MESSAGE_CREATE. */
  say(actorId: string, channelId: string, content: string): APIMessage {
    return this.state.postMessage(channelId, { content }, this.requireUser(actorId));
  }

  /** A message as Discord would deliver it again (same id), e.g. after a reconnect. */
  redeliver(posted: APIMessage): void {
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, posted);
  }

  /** Waits until the interaction has a final answer: a reply, modal, choices or an edited deferral. */
  async answered(record: InteractionRecord, timeoutMs = 10_000): Promise<InteractionRecord> {
    await waitFor(() => isAnswered(record), `an answer to interaction ${record.id}`, timeoutMs);
    return record;
  }

  private requireUser(id: string): APIUser {
    const found = this.state.users.get(id);
    if (!found) throw new Error(`the fake Discord has no user ${id}`);
    return found;
  }

  private context(actorId: string, channelId: string): InteractionContext {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`the fake Discord has no channel ${channelId}`);
    return {
      id: snowflake(),
      token: `token-${snowflake()}`,
      appId: FAKE_APP_ID,
      guildId: FAKE_GUILD_ID,
      channel,
      actor: this.requireUser(actorId),
    };
  }
}

const FINAL_CALLBACKS = new Set([4, 7, 8, 9]);

function isAnswered(record: InteractionRecord): boolean {
  const first = record.callbacks[0];
  if (!first) return false;
  return FINAL_CALLBACKS.has(first.type) || record.edits.length > 0 || record.followUps.length > 0;
}

/** The text the user finally saw: the reply's, the last edit's or the last follow-up's. */
export function answerText(record: InteractionRecord): string {
  const last = record.edits.at(-1) ?? record.followUps.at(-1) ?? record.callbacks[0]?.data ?? {};
  return String((last as { content?: unknown }).content ?? '');
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export { message };
