// A small, honest fake of the Slack Web API on 127.0.0.1: it answers only the methods
// Handoff calls, in Slack's shapes (form-encoded requests with `blocks`/`view` as JSON
// strings, `{ ok: false, error }` answers, 429 with Retry-After), and records every call.
// It also receives what the app posts to a slash command's or a button press's response_url.

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface SlackMessageRecord {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown;
  /** Set for ephemeral messages: only this user sees it. */
  user?: string;
}

type Failure = { error: string } | { status: 429; retryAfter: number };

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments']);
const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** What the app posted to response_url, by the id at the end of the URL. */
  readonly responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  readonly channels = new Map<string, { name: string; members: Set<string> }>();
  readonly messages: SlackMessageRecord[] = [];
  readonly pins: Array<{ channel: string; ts: string }> = [];
  /** Each user's published Home tab (views.publish), the latest one. */
  readonly homes = new Map<string, Record<string, unknown>>();
  /** Users outside the workspace (left, or a mistyped id): Slack answers `user_not_found`. */
  readonly strangers = new Set<string>();
  /** Guests the app may not add to channels (`cant_invite`); they can still get a direct message. */
  readonly guests = new Set<string>();
  /** Channels archived with conversations.archive. */
  readonly archived = new Set<string>();
  private readonly presses = new Map<string, { channel: string; ts: string; user: string }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly holds = new Map<string, { count: number; atMostMs: number; waiting: Array<() => void> }>();
  private server: Server | undefined;
  private seq = 0;
  // Socket Mode: apps.connections.open hands out a ws:// URL on this same server.
  private readonly sockets = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();

  constructor(
    readonly token = 'xoxb-test-token',
    readonly bot = { userId: 'UHANDOFF', botId: 'BHANDOFF', teamId: 'T0TEAM' },
    readonly appToken = 'xapp-test-token',
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.sockets.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const ws of this.sockets.clients) ws.terminate();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connected(ws: WebSocket): void {
    this.socket = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      this.acks.get(message.envelope_id)?.(message.payload);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0HANDOFF' } }));
  }

  /** Whether a Socket Mode client is connected. */
  get socketConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends a Socket Mode envelope (slash_commands, interactive, events_api); resolves with the ack's payload. */
  deliver(type: string, payload: object): Promise<unknown> {
    const envelopeId = `env-${++this.seq}`;
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    this.socket!.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      }),
    );
    return acked;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The base the WebClient is pointed at (clientOptions.slackApiUrl). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  /**
   * The response_url of a press on a button of `message`, as `user`. What the app posts there
   * shows the way Slack shows it: with `replace_original: false`, a new message (an ephemeral
   * to `user` by default); else it takes the pressed message's place (or deletes it, with
   * `delete_original`). So an answer meant for the presser alone that leaves out
   * `replace_original: false` visibly replaces the request everyone sees.
   */
  pressResponseUrl(id: string, message: { channel: string; ts: string }, user: string): string {
    this.presses.set(id, { channel: message.channel, ts: message.ts, user });
    return this.responseUrl(id);
  }

  /** While true, every Web API method answers HTTP 500 (an outage); response_url still works. */
  down = false;

  /** How many of the next posts to response_url answer HTTP 500 instead of showing the message. */
  failResponses = 0;

  /**
   * Decides per Web API call (after it is recorded in `calls`) whether it goes wrong the way
   * a crash sees it: `ignore` leaves it undone and unanswered (the request hangs), `swallow`
   * does it but never answers (Slack acted; the answer was lost). Anything else: answered.
   */
  intercept: ((call: SlackCall) => 'ignore' | 'swallow' | undefined) | undefined;

  /** The next calls of `method` fail, in order: a Slack error, or 429 with Retry-After seconds. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /**
   * Holds the answers to the next `count` calls of `method` until all of them have arrived,
   * so two processes' calls are provably in flight together (a race, made deterministic);
   * or, should fewer come, for `atMostMs` after the first.
   */
  holdNext(method: string, count: number, { atMostMs = 5_000 } = {}): void {
    this.holds.set(method, { count, atMostMs, waiting: [] });
  }

  private async held(method: string): Promise<void> {
    const hold = this.holds.get(method);
    if (!hold) return;
    const releaseAll = () => {
      if (this.holds.get(method) === hold) this.holds.delete(method);
      for (const release of hold.waiting.splice(0)) release();
    };
    await new Promise<void>((resolve) => {
      hold.waiting.push(resolve);
      if (hold.waiting.length >= hold.count) releaseAll();
      // Never a hang: a call that waits alone for long is answered anyway (the test then sees
      // whether a second call came, or that none did).
      else setTimeout(releaseAll, hold.atMostMs).unref();
    });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  channelByName(name: string) {
    const found = [...this.channels].find(([, c]) => c.name === name);
    return found ? { id: found[0], ...found[1] } : undefined;
  }

  /** Every text the app sent anywhere (channels, ephemerals, DMs, response_url), in order. */
  allTexts(): string[] {
    return [...this.messages.map((m) => m.text), ...this.responses.map((r) => String(r.body.text ?? ''))];
  }

  private showPressResponse(
    press: { channel: string; ts: string; user: string },
    body: Record<string, unknown>,
  ): void {
    const text = String(body.text ?? '');
    const original = this.messages.findIndex((m) => m.channel === press.channel && m.ts === press.ts);
    if (body.delete_original === true) {
      if (original >= 0) this.messages.splice(original, 1);
    } else if (body.replace_original === false) {
      const ephemeral = body.response_type !== 'in_channel';
      this.messages.push({
        channel: press.channel,
        ts: this.nextTs(),
        text,
        ...(ephemeral ? { user: press.user } : {}),
      });
    } else if (original >= 0) {
      this.messages[original] = { channel: press.channel, ts: press.ts, text, blocks: body.blocks };
    }
  }

  /** The id conversations.create gives the next channel it creates. */
  nextChannelId(): string {
    return `C${String(this.channels.size + 1).padStart(8, '0')}`;
  }

  private nextTs(): string {
    this.seq += 1;
    return `1700000000.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/respond/') && this.failResponses > 0) {
      this.failResponses -= 1;
      return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    }
    if (path.startsWith('/respond/')) {
      const id = path.slice('/respond/'.length);
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      this.responses.push({ id, body });
      const press = this.presses.get(id);
      if (press) this.showPressResponse(press, body);
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    const method = path.replace(/^\/api\//, '');
    const args = parseBody(raw, req.headers['content-type'] ?? '');
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    const call = { method, args, token };
    this.calls.push(call);
    const crash = this.intercept?.(call);
    if (crash === 'ignore') return;
    if (this.down) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end('Internal Server Error');
    }
    await this.held(method);
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    const answer = failure
      ? { ok: false, error: failure.error }
      : method === 'apps.connections.open'
        ? token === this.appToken
          ? {
              ok: true,
              url: `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}/link/?ticket=t1`,
            }
          : { ok: false, error: 'invalid_auth' }
        : token !== this.token
          ? { ok: false, error: 'invalid_auth' }
          : this.answer(method, args);
    if (crash === 'swallow') return;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const fail = (error: string) => ({ ok: false, error });
    const channel = String(a.channel ?? '');
    const known = this.channels.has(channel) || channel.startsWith('D');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://handoff-test.slack.com/',
          team: 'Handoff Test',
          user: 'handoff',
          team_id: this.bot.teamId,
          user_id: this.bot.userId,
          bot_id: this.bot.botId,
          is_enterprise_install: false,
        };
      case 'conversations.create': {
        const name = String(a.name ?? '');
        if (!CHANNEL_NAME.test(name)) return fail('invalid_name_specials');
        if (this.channelByName(name)) return fail('name_taken');
        const id = this.nextChannelId();
        this.channels.set(id, { name, members: new Set([this.bot.userId]) });
        return { ok: true, channel: { id, name, is_channel: true, is_private: a.is_private === 'true' } };
      }
      case 'conversations.invite': {
        const c = this.channels.get(channel);
        if (!c) return fail('channel_not_found');
        if (this.archived.has(channel)) return fail('is_archived');
        const users = String(a.users ?? '')
          .split(',')
          .filter(Boolean);
        if (users.length === 0) return fail('no_user');
        if (users.includes(this.bot.userId)) return fail('cant_invite_self');
        const errors = users.flatMap((user) => {
          const error = this.strangers.has(user)
            ? 'user_not_found'
            : this.guests.has(user)
              ? 'cant_invite'
              : c.members.has(user)
                ? 'already_in_channel'
                : undefined;
          return error ? [{ user, ok: false, error }] : [];
        });
        if (errors.length === users.length) return { ok: false, error: errors[0]!.error, errors };
        // Without force one bad user keeps everyone out; with force the others are invited
        // and the bad ones come back, one by one, in `errors`.
        if (errors.length > 0 && a.force !== 'true') return { ok: false, error: errors[0]!.error, errors };
        for (const u of users) if (!errors.some((e) => e.user === u)) c.members.add(u);
        if (errors.length > 0) return { ok: false, error: errors[0]!.error, errors };
        return { ok: true, channel: { id: channel, name: c.name } };
      }
      case 'conversations.archive': {
        if (!this.channels.has(channel)) return fail('channel_not_found');
        if (this.archived.has(channel)) return fail('already_archived');
        this.archived.add(channel);
        return { ok: true };
      }
      case 'conversations.open': {
        const users = String(a.users ?? '');
        if (users.split(',').some((u) => this.strangers.has(u))) return fail('user_not_found');
        return { ok: true, channel: { id: `D${users.replace(/,/g, '')}` } };
      }
      case 'chat.postMessage': {
        if (!known) return fail('channel_not_found');
        if (this.archived.has(channel)) return fail('is_archived');
        const message = { channel, ts: this.nextTs(), text: String(a.text ?? ''), blocks: a.blocks };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } };
      }
      case 'chat.postEphemeral': {
        if (!known) return fail('channel_not_found');
        if (!a.user) return fail('user_not_found');
        const message = { channel, ts: this.nextTs(), text: String(a.text ?? ''), user: String(a.user) };
        this.messages.push(message);
        return { ok: true, message_ts: message.ts };
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === channel && m.ts === a.ts && !m.user);
        if (!message) return fail('message_not_found');
        message.text = String(a.text ?? '');
        message.blocks = a.blocks;
        return { ok: true, channel, ts: message.ts, text: message.text };
      }
      case 'chat.delete': {
        const at = this.messages.findIndex((m) => m.channel === channel && m.ts === a.ts && !m.user);
        if (at < 0) return fail('message_not_found');
        this.messages.splice(at, 1);
        const pin = this.pins.findIndex((p) => p.channel === channel && p.ts === a.ts);
        if (pin >= 0) this.pins.splice(pin, 1);
        return { ok: true, channel, ts: a.ts };
      }
      case 'pins.add': {
        if (!this.messages.some((m) => m.channel === channel && m.ts === a.timestamp))
          return fail('message_not_found');
        if (this.pins.some((p) => p.channel === channel && p.ts === a.timestamp))
          return fail('already_pinned');
        this.pins.push({ channel, ts: String(a.timestamp) });
        return { ok: true };
      }
      case 'views.open': {
        if (!a.trigger_id) return fail('invalid_trigger_id');
        return { ok: true, view: { id: `V${this.nextTs().replace('.', '')}`, ...(a.view as object) } };
      }
      case 'views.publish': {
        const view = a.view as Record<string, unknown> | undefined;
        if (!a.user_id) return fail('invalid_arguments');
        if (view?.type !== 'home') return fail('invalid_arguments');
        const published = { id: `V${this.nextTs().replace('.', '')}`, ...view };
        this.homes.set(String(a.user_id), published);
        return { ok: true, view: published };
      }
      default:
        return fail('unknown_method');
    }
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}
