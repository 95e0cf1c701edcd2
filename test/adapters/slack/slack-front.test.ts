// The HTTP front thread (issue 13): it holds the port, acknowledges Slack itself, hands each
// delivery to the main thread and passes every other path through. The stories and edges run
// through it too (*.front.test.ts); here is what only the front does.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSlackFront, type SlackFrontTarget } from '../../../adapters/slack/slack-front.ts';
import type { ForwardedDelivery, FrontAnswer } from '../../../adapters/slack/slack-front-messages.ts';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/slack-adapter.ts';
import { VIEW_DECLINE } from '../../../adapters/slack/slack-payloads.ts';
import { startWebServer, type WebServer } from '../../../src/web/server.ts';
import { testWorld } from '../../support/world.ts';
import {
  createSlackWorld,
  FORM,
  MemoryLogger,
  postSigned,
  serveThroughFront,
  sign,
  SIGNING_SECRET,
  slashCommandBody,
  type SlackWorld,
} from './slack-world.ts';

serveThroughFront();

const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

/** Blocks this thread's event loop, as a long command would. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// A client in a process of its own (this thread will be blocked): it warms up its
// connection, says "ready", sends the signed body on "go" and prints the ack and its time.
const CLIENT = `
import { Agent, request } from 'node:http';
const [origin, body, signature, timestamp] = process.argv.slice(1);
const agent = new Agent({ keepAlive: true });
const send = (path, payload, headers) => new Promise((resolve, reject) => {
  const req = request(origin + path, { method: 'POST', agent, headers }, (res) => {
    let text = '';
    res.on('data', (c) => (text += c));
    res.on('end', () => resolve({ status: res.statusCode, text, at: Date.now() }));
  });
  req.on('error', reject);
  req.end(payload);
});
await send('/warm-up', '', {});
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const answered = await send('${SLACK_EVENTS_PATH}', body, {
    'content-type': '${FORM}',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature,
  });
  process.stdout.write(JSON.stringify(answered) + '\\n');
  process.exit(0);
});
`;

describe('Slack through the front thread', () => {
  let world: SlackWorld;

  it('acknowledges a command while the main thread is busy, and the command runs after', async () => {
    world = await createSlackWorld(testWorld());
    closing.push(() => world.close());
    const body = slashCommandBody(world, 'U0DANA', 'help');
    const timestamp = Math.floor(Date.now() / 1000);
    const client = spawn(
      process.execPath,
      ['--input-type=module', '-e', CLIENT, world.url, body, sign(body, timestamp), String(timestamp)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    client.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    while (!out.includes('ready\n')) await once(client.stdout, 'data');
    // From here to unblockedAt this thread runs no event at all (synchronous code).
    const blockedFrom = Date.now();
    client.stdin.write('go\n');
    blockFor(2_000);
    const unblockedAt = Date.now();
    await once(client, 'exit');
    const answered = JSON.parse(out.split('\n')[1]!) as { status: number; text: string; at: number };
    expect(answered.status).toBe(200);
    expect(answered.text).toBe('');
    // The ack came while this thread could run nothing at all.
    expect(answered.at).toBeGreaterThan(blockedFrom);
    expect(answered.at).toBeLessThan(unblockedAt);
    await world.idle();
    expect(world.fake.responses.at(-1)?.body.text).toContain('Handoff commands.');
  });

  it('passes the pages through: status, headers, bodies both ways, and streams as they are written', async () => {
    world = await createSlackWorld(testWorld());
    closing.push(() => world.close());
    // The world's own server answers 404 to every other path: that, through the front.
    const missing = await fetch(`${world.url}/o/nobody/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found');
    expect((await fetch(`${world.url}/slack/other`, { method: 'POST' })).status).toBe(404);

    let finish: () => void = () => {};
    const pages = await startWebServer(
      0,
      [
        async (req, res) => {
          if (req.url === '/echo') {
            let text = '';
            for await (const chunk of req) text += String(chunk);
            res.writeHead(201, { 'content-type': 'text/plain', 'x-page': 'yes' }).end(`got ${text}`);
            return true;
          }
          if (req.url !== '/live') return false;
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: first\n\n');
          finish = () => res.end('data: last\n\n');
          return true;
        },
      ],
      {
        host: '127.0.0.1',
        front: (listen) =>
          startSlackFront({ ...listen, target: world.adapter.front!, logger: new MemoryLogger() }),
      },
    );
    closing.push(() => pages.close());
    const echoed = await fetch(`${pages.origin}/echo`, { method: 'POST', body: 'hello' });
    expect([echoed.status, echoed.headers.get('x-page'), await echoed.text()]).toEqual([
      201,
      'yes',
      'got hello',
    ]);

    const live = await fetch(`${pages.origin}/live`);
    const reader = live.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    finish();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      rest += new TextDecoder().decode(part.value);
    }
    expect(rest).toBe('data: last\n\n');
  });
});

/**
 * A target that records what the front hands over, for what only the front decides. With
 * `hold`, each delivery stays unhandled until its function in `handling` is called.
 */
function recordingTarget(options: { ready: boolean; hold?: boolean }) {
  const received: Array<{ delivery: ForwardedDelivery; answer?: (answer: FrontAnswer) => void }> = [];
  const handling: Array<() => void> = [];
  const target: SlackFrontTarget = {
    path: SLACK_EVENTS_PATH,
    signingSecret: SIGNING_SECRET,
    receive: (delivery, answer) => {
      received.push({ delivery, ...(answer ? { answer } : {}) });
      if (options.hold) return new Promise<void>((resolve) => handling.push(resolve));
    },
    onReady: (listener) => (options.ready ? listener(undefined) : undefined),
    idle: async () => {},
  };
  return { target, received, handling };
}

async function frontOver(
  target: SlackFrontTarget,
  logger = new MemoryLogger(),
  answerTimeoutMs?: number,
  maxOutstanding?: number,
  window?: number,
) {
  const web: WebServer = await startWebServer(0, [], {
    host: '127.0.0.1',
    front: (listen) =>
      startSlackFront({
        ...listen,
        target,
        logger,
        ...(answerTimeoutMs ? { answerTimeoutMs } : {}),
        ...(maxOutstanding ? { maxOutstanding } : {}),
        ...(window ? { window } : {}),
      }),
  });
  closing.push(() => web.close());
  return web;
}

const modal = (id: string) =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U02SAM' },
      view: {
        id,
        callback_id: VIEW_DECLINE,
        private_metadata: JSON.stringify({ incident: 1, handoff: 1 }),
        state: { values: { reason: { reason_input: { type: 'plain_text_input', value: '' } } } },
      },
    }),
  }).toString();

const event = JSON.stringify({
  type: 'event_callback',
  team_id: 'T1',
  event_id: 'Ev1',
  event: { type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '1.1' },
});

describe('the front on its own', () => {
  it('answers 503 until Bolt is started, and hands nothing over', async () => {
    const { target, received } = recordingTarget({ ready: false });
    const web = await frontOver(target);
    const answered = await postSigned(web.origin, event, 'application/json');
    expect(answered.status).toBe(503);
    expect(received).toEqual([]);
  });

  it("hands over the body as sent and Slack's retry headers", async () => {
    const { target, received } = recordingTarget({ ready: true });
    const web = await frontOver(target);
    const answered = await postSigned(web.origin, event, 'application/json', {
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(answered.status).toBe(200);
    expect(
      received.map(({ delivery }) => ({ ...delivery, body: Buffer.from(delivery.body).toString() })),
    ).toEqual([
      {
        body: event,
        headers: {
          'content-type': 'application/json',
          'x-slack-retry-num': '2',
          'x-slack-retry-reason': 'http_timeout',
        },
      },
    ]);
    expect(received[0]!.answer).toBeUndefined();
  });

  it("a modal's submission waits for the main thread's ack, and gets 404 when none comes in time", async () => {
    const { target, received } = recordingTarget({ ready: true });
    const logger = new MemoryLogger();
    const web = await frontOver(target, logger, 300);
    const answering = postSigned(web.origin, modal('V1'), FORM);
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    received[0]!.answer!({
      status: 200,
      body: '{"response_action":"clear"}',
      contentType: 'application/json',
    });
    const answered = await answering;
    expect([answered.status, answered.headers.get('content-type'), await answered.text()]).toEqual([
      200,
      'application/json',
      '{"response_action":"clear"}',
    ]);

    const unanswered = await postSigned(web.origin, modal('V2'), FORM);
    expect(unanswered.status).toBe(404);
    expect(logger.lines.map((l) => l.message)).toContain('slack request not acknowledged in time');
  });

  it("logs a refusal on the main thread's logger", async () => {
    const { target, received } = recordingTarget({ ready: true });
    const logger = new MemoryLogger();
    const web = await frontOver(target, logger);
    const answered = await postSigned(web.origin, event, 'application/json', { signature: 'v0=bad' });
    expect(answered.status).toBe(401);
    expect(received).toEqual([]);
    // The line comes from the front thread by message, and may land after the answer did.
    await vi.waitFor(() =>
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: 'slack request refused' }),
      ),
    );
  });

  it('hands over everything it acknowledged before close() resolves', async () => {
    const handled: string[] = [];
    const { target } = recordingTarget({ ready: true });
    target.receive = (delivery) => void handled.push(Buffer.from(delivery.body).toString());
    const web = await frontOver(target);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postSigned(web.origin, event, 'application/json')),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await web.close();
    expect(handled).toHaveLength(20);
  });

  it('past its limit of deliveries not yet handled, says the bot is busy and hands nothing over', async () => {
    const { target, received, handling } = recordingTarget({ ready: true, hold: true });
    const logger = new MemoryLogger();
    const web = await frontOver(target, logger, undefined, 2);
    const command = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'C0GENERAL',
      user_id: 'U01DANA',
      command: '/incident',
      text: 'INC-1 status',
      trigger_id: '1.trigger',
      response_url: 'http://127.0.0.1:9/never-called',
    }).toString();
    const taken = await Promise.all([1, 2].map(() => postSigned(web.origin, event, 'application/json')));
    expect(taken.map((a) => a.status)).toEqual([200, 200]);
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    // The person who typed the command reads why nothing happened; Slack sends an event again.
    const refusedCommand = await postSigned(web.origin, command, FORM);
    expect(refusedCommand.status).toBe(200);
    expect(refusedCommand.headers.get('retry-after')).toBe('5');
    expect(await refusedCommand.json()).toEqual({
      response_type: 'ephemeral',
      text: 'Handoff is busy with other requests right now, so this command was not run. Try it again in a minute.',
    });
    const refusedEvent = await postSigned(web.origin, event, 'application/json');
    expect([refusedEvent.status, refusedEvent.headers.get('retry-after')]).toEqual([503, '5']);
    expect(received).toHaveLength(2);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'slack requests refused: the bot is busy' }),
    );

    // Once the main thread has handled them, requests are taken again.
    for (const done of handling.splice(0)) done();
    for (;;) {
      const again = await postSigned(web.origin, command, FORM);
      expect(again.status).toBe(200);
      if (again.headers.get('retry-after') === null) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(received).toHaveLength(3);
    expect(Buffer.from(received[2]!.delivery.body).toString()).toBe(command);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'slack requests taken again',
        fields: { refused: expect.any(Number) },
      }),
    );
  });

  it('hands the main thread a window of deliveries at a time; the rest wait their turn, acknowledged', async () => {
    const { target, received, handling } = recordingTarget({ ready: true, hold: true });
    const web = await frontOver(target, new MemoryLogger(), undefined, 10, 2);
    const bodies = [1, 2, 3, 4, 5].map((n) => event.replace('Ev1', `Ev${n}`));
    const answers = await Promise.all(bodies.map((body) => postSigned(web.origin, body, 'application/json')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(2);

    // One handled: the next in turn is handed over.
    handling.shift()!();
    while (received.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(3);

    // A stop hands over everything acknowledged before it resolves.
    const closed = web.close();
    while (received.length < 5) {
      for (const done of handling.splice(0)) done();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const done of handling.splice(0)) done();
    await closed;
    expect(
      received.map(({ delivery }) => JSON.parse(Buffer.from(delivery.body).toString()).event_id).sort(),
    ).toEqual(['Ev1', 'Ev2', 'Ev3', 'Ev4', 'Ev5']);
  });

  it("a modal's submission waiting for its ack goes to the head of the line", async () => {
    const { target, received, handling } = recordingTarget({ ready: true, hold: true });
    const web = await frontOver(target, new MemoryLogger(), undefined, 10, 1);
    await postSigned(web.origin, event, 'application/json');
    await postSigned(web.origin, event.replace('Ev1', 'Ev2'), 'application/json');
    while (received.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const submitted = postSigned(web.origin, modal('V1'), FORM);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(1);

    handling.shift()!();
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received[1]!.answer).toBeDefined(); // the form, before Ev2
    received[1]!.answer!({ status: 200, body: '' });
    expect((await submitted).status).toBe(200);
    handling.shift()!();
    while (received.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(JSON.parse(Buffer.from(received[2]!.delivery.body).toString()).event_id).toBe('Ev2');
    for (const done of handling.splice(0)) done();
  });

  it('a port in use is refused in plain words', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    closing.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const { target } = recordingTarget({ ready: true });
    await expect(
      startWebServer(port, [], {
        host: '127.0.0.1',
        front: (listen) => startSlackFront({ ...listen, target, logger: new MemoryLogger() }),
      }),
    ).rejects.toThrow(`Port ${port} is already in use.`);
  });
});

it('a thread that ends while serving is reported, so the process does not run deaf', async () => {
  const { target } = recordingTarget({ ready: true });
  const crashed = new Promise<Error>((resolve) => {
    void startSlackFront({
      port: 0,
      innerPort: 1,
      target,
      logger: new MemoryLogger(),
      onCrash: resolve,
      entry: new URL('../../fakes/front-that-ends.mjs', import.meta.url),
    });
  });
  expect((await crashed).message).toBe(
    'The HTTP front thread stopped (exit code 3); Slack and the pages are unreachable.',
  );
});
