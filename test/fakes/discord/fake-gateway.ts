// The gateway half of the fake Discord: a `ws` server speaking the real protocol (JSON,
// no compression). HELLO with a short heartbeat interval, HEARTBEAT_ACK for every
// heartbeat, IDENTIFY → READY → GUILD_CREATE, RESUME replaying what was missed, and
// dispatches with sequence numbers kept per session.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayDispatchEvents, GatewayOpcodes, type GatewayReadyDispatchData } from 'discord-api-types/v10';

const GUILD_MESSAGES = 1 << 9;
const MESSAGE_CONTENT = 1 << 15;

export interface GatewaySession {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch of the session, for RESUME. */
  log: Array<{ s: number; t: string; d: unknown }>;
  socket: WebSocket | undefined;
}

export interface GatewayHooks {
  token: string;
  ready(sessionId: string): GatewayReadyDispatchData;
  /** GUILD_CREATE payloads, sent after READY (discord.js waits for every guild in READY). */
  guilds(): unknown[];
  /** Whether the bot may have MessageContent (Developer Portal → Bot → Privileged Gateway Intents). */
  messageContentAllowed(): boolean;
}

export interface ReceivedOp {
  op: number;
  d: unknown;
  at: number;
}

export class FakeGateway {
  readonly received: ReceivedOp[] = [];
  readonly sessions: GatewaySession[] = [];
  private server: WebSocketServer | undefined;
  private nextSession = 1;

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly heartbeatIntervalMs = 500,
  ) {}

  async listen(): Promise<string> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(this.server, 'listening');
    this.server.on('connection', (socket) => this.accept(socket));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  get current(): GatewaySession | undefined {
    return this.sessions.at(-1);
  }

  /** Sends an event on the current session; queued for replay if the client is away. */
  dispatch(t: string, d: unknown): void {
    const session = this.current;
    if (!session) throw new Error('no gateway session: the client has not identified');
    // As on Discord: message events need GuildMessages, their text needs MessageContent.
    if (t.startsWith('MESSAGE_') && !(session.intents & GUILD_MESSAGES)) return;
    const visible =
      t.startsWith('MESSAGE_') && !(session.intents & MESSAGE_CONTENT)
        ? { ...(d as object), content: '' }
        : d;
    this.send(session, t, visible);
  }

  /** Drops the connection as a network failure would (close 4000): the client should RESUME. */
  drop(code = 4000): void {
    const session = this.current;
    session?.socket?.close(code, 'fake gateway dropped the connection');
    if (session) session.socket = undefined;
  }

  ops(op: number): ReceivedOp[] {
    return this.received.filter((r) => r.op === op);
  }

  async close(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private send(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    session.log.push({ s: session.seq, t, d });
    session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d }));
  }

  private accept(socket: WebSocket): void {
    socket.send(
      JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }),
    );
    socket.on('message', (raw) => {
      const { op, d } = JSON.parse(String(raw)) as { op: number; d: unknown };
      this.received.push({ op, d, at: Date.now() });
      if (op === GatewayOpcodes.Heartbeat) socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
      if (op === GatewayOpcodes.Identify) this.identify(socket, d as { token: string; intents: number });
      if (op === GatewayOpcodes.Resume)
        this.resume(socket, d as { token: string; session_id: string; seq: number });
    });
    socket.on('close', () => {
      for (const s of this.sessions) if (s.socket === socket) s.socket = undefined;
    });
  }

  private identify(socket: WebSocket, d: { token: string; intents: number }): void {
    if (d.token !== this.hooks.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    // As Discord does when a privileged intent is asked for but not enabled in the portal.
    if (d.intents & MESSAGE_CONTENT && !this.hooks.messageContentAllowed()) {
      socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const session: GatewaySession = {
      id: `session-${this.nextSession++}`,
      intents: d.intents,
      seq: 0,
      log: [],
      socket,
    };
    this.sessions.push(session);
    this.send(session, GatewayDispatchEvents.Ready, this.hooks.ready(session.id));
    for (const guild of this.hooks.guilds()) this.send(session, GatewayDispatchEvents.GuildCreate, guild);
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number }): void {
    const session = this.sessions.find((s) => s.id === d.session_id);
    if (!session || d.token !== this.hooks.token) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return;
    }
    session.socket = socket;
    for (const e of session.log.filter((x) => x.s > d.seq)) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d }));
    }
    this.send(session, GatewayDispatchEvents.Resumed, null);
  }
}
