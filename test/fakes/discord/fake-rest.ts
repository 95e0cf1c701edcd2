// The REST half of the fake Discord: records every call and answers the routes the bot
// uses in Discord's shapes, with Discord's errors (401 without the token, 404 for unknown
// objects, 10007 Unknown Member for a user who is not in the guild, 400 code 40060 for a
// second interaction callback) and injectable 429s carrying `retry_after` and either the
// X-RateLimit headers of an exhausted bucket or only Retry-After (as a 429 from a shared
// resource or Cloudflare comes); discord.js reads the headers, never the body.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeDiscordState } from './fake-state.ts';
import { restGuild } from './payloads.ts';

export interface RecordedCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
  authorized: boolean;
  status: number;
}

export interface RateLimitRule {
  method: string;
  path: RegExp;
  /** How many matching calls get a 429 before the route answers normally. */
  times: number;
  retryAfterS: number;
  /** `bucket` (default): the route's bucket is exhausted (X-RateLimit-Remaining 0); `retry-after`: only that header. */
  headers?: 'bucket' | 'retry-after';
}

/** A route that fails with a Discord error, e.g. 403 Missing Permissions (code 50013). */
export interface FailureRule {
  method: string;
  path: RegExp;
  times: number;
  status: number;
  code: number;
  message: string;
}

type Result = { status: number; body?: unknown };
type Route = {
  method: string;
  path: RegExp;
  auth: boolean;
  run: (state: FakeDiscordState, m: RegExpExecArray, body: unknown) => Result;
};

const ok = (body: unknown): Result => ({ status: 200, body });
const noContent: Result = { status: 204 };
const unknown = (what: string, code: number): Result => ({
  status: 404,
  body: { message: `Unknown ${what}`, code },
});

const ROUTES: Route[] = [
  { method: 'GET', path: /^\/gateway\/bot$/, auth: true, run: (s) => ok(s.gatewayBot()) },
  {
    method: 'GET',
    path: /^\/guilds\/(\d+)$/,
    auth: true,
    run: (s, m) => (m[1] === s.guildId ? ok(restGuild(s.guildId, s.botUser.id)) : unknown('Guild', 10004)),
  },
  {
    method: 'PUT',
    path: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
    auth: true,
    run: (s, m, body) =>
      m[1] === s.appId && m[2] === s.guildId ? ok(s.registerCommands(body)) : unknown('Guild', 10004),
  },
  {
    method: 'GET',
    path: /^\/channels\/(\d+)$/,
    auth: true,
    run: (s, m) => {
      const channel = s.channels.get(m[1]!);
      return channel ? ok(channel) : unknown('Channel', 10003);
    },
  },
  {
    method: 'DELETE',
    path: /^\/channels\/(\d+)$/,
    auth: true,
    run: (s, m) => {
      const channel = s.deleteThread(m[1]!);
      return channel ? ok(channel) : unknown('Channel', 10003);
    },
  },
  {
    method: 'POST',
    path: /^\/channels\/(\d+)\/threads$/,
    auth: true,
    run: (s, m, body) =>
      s.channels.has(m[1]!) ? ok(s.createThread(m[1]!, body)) : unknown('Channel', 10003),
  },
  {
    method: 'PUT',
    path: /^\/channels\/(\d+)\/thread-members\/(\d+)$/,
    auth: true,
    run: (s, m) => {
      if (!s.channels.has(m[1]!)) return unknown('Channel', 10003);
      if (!s.users.has(m[2]!)) return unknown('User', 10013);
      if (!s.guildMembers.has(m[2]!)) return unknown('Member', 10007);
      s.addThreadMember(m[1]!, m[2]!);
      return noContent;
    },
  },
  {
    method: 'POST',
    path: /^\/channels\/(\d+)\/messages$/,
    auth: true,
    run: (s, m, body) => (s.channels.has(m[1]!) ? ok(s.postMessage(m[1]!, body)) : unknown('Channel', 10003)),
  },
  {
    method: 'PATCH',
    path: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    auth: true,
    run: (s, m, body) => {
      const edited = s.editMessage(m[1]!, m[2]!, body);
      return edited ? ok(edited) : unknown('Message', 10008);
    },
  },
  {
    method: 'DELETE',
    path: /^\/channels\/(\d+)\/messages\/(\d+)$/,
    auth: true,
    run: (s, m) => (s.deleteMessage(m[1]!, m[2]!) ? noContent : unknown('Message', 10008)),
  },
  {
    method: 'POST',
    path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    auth: false,
    run: (s, m, body) => s.interactionCallback(m[1]!, m[2]!, body),
  },
  {
    method: 'PATCH',
    path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    auth: false,
    run: (s, m, body) => s.editOriginal(m[2]!, body),
  },
  {
    method: 'POST',
    path: /^\/webhooks\/(\d+)\/([^/]+)$/,
    auth: false,
    run: (s, m, body) => s.followUp(m[2]!, body),
  },
  { method: 'GET', path: /^\/users\/@me$/, auth: true, run: (s) => ok(s.botUser) },
  {
    method: 'GET',
    path: /^\/users\/(\d+)$/,
    auth: true,
    run: (s, m) => {
      const user = s.users.get(m[1]!);
      return user ? ok(user) : unknown('User', 10013);
    },
  },
  {
    method: 'POST',
    path: /^\/users\/@me\/channels$/,
    auth: true,
    run: (s, _m, body) => ok(s.openDm((body as { recipient_id: string }).recipient_id)),
  },
];

export class FakeRest {
  readonly calls: RecordedCall[] = [];
  readonly rateLimits: RateLimitRule[] = [];
  readonly failures: FailureRule[] = [];
  private server: Server | undefined;

  constructor(private readonly state: FakeDiscordState) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Calls matching method and path (relative to /api/v10). */
  find(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const text = await readBody(req);
    const body = text ? parseBody(text, req.headers['content-type']) : undefined;
    const authorized = req.headers.authorization === `Bot ${this.state.token}`;
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path,
      query: url.search,
      body,
      authorized,
      status: 0,
    };
    this.calls.push(call);
    const result = this.answer(call);
    call.status = result.status;
    // A 204 has no body and so no content type: discord.js would try to parse one otherwise.
    const type: Record<string, string> =
      result.body === undefined ? {} : { 'content-type': 'application/json' };
    const headers: Record<string, string> = { ...type, ...(result.headers ?? {}) };
    res.writeHead(result.status, headers);
    res.end(result.body === undefined ? undefined : JSON.stringify(result.body));
  }

  private answer(call: RecordedCall): Result & { headers?: Record<string, string> } {
    const limited = this.rateLimits.find(
      (r) => r.times > 0 && r.method === call.method && r.path.test(call.path),
    );
    if (limited) {
      limited.times -= 1;
      const retryAfter = { 'retry-after': String(Math.ceil(limited.retryAfterS)) };
      return {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: limited.retryAfterS, global: false },
        headers:
          limited.headers === 'retry-after'
            ? retryAfter
            : {
                ...retryAfter,
                'x-ratelimit-limit': '5',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-reset-after': String(limited.retryAfterS),
                'x-ratelimit-reset': String(Date.now() / 1000 + limited.retryAfterS),
                'x-ratelimit-bucket': 'fake-bucket',
                'x-ratelimit-scope': 'user',
              },
      };
    }
    const failing = this.failures.find(
      (r) => r.times > 0 && r.method === call.method && r.path.test(call.path),
    );
    if (failing) {
      failing.times -= 1;
      return { status: failing.status, body: { message: failing.message, code: failing.code } };
    }
    for (const route of ROUTES) {
      const m = route.method === call.method ? route.path.exec(call.path) : null;
      if (!m) continue;
      if (route.auth && !call.authorized)
        return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return route.run(this.state, m, call.body);
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// discord.js sends JSON, or multipart with a `payload_json` part when files are attached.
function parseBody(text: string, contentType: string | undefined): unknown {
  if (contentType?.startsWith('multipart/form-data')) {
    const match = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return match ? JSON.parse(match[1]!) : {};
  }
  return JSON.parse(text);
}
