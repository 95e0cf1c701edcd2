// The HTTP front thread (issue 13): it holds PORT. Slack's requests are read, verified and
// parsed here by the same edge as in-process (slack-http-edge.ts), acknowledged at once and
// handed to the main thread by postMessage; every other path (the owners' pages, the answer
// links) is piped to the main thread's own server on 127.0.0.1. The main thread's event loop
// runs the commands, 2–6 ms of CPU each, and an ack that arrived behind one used to wait for
// it: ack p99 was 2–5× bare Bolt's at 200 requests a second.
//
// Only a modal's submission waits for the main thread: its ack carries the form's errors.

import { readlinkSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '../../src/app/ports.ts';
import { createBusyGate } from './busy-gate.ts';
import type { FromFront, FrontWorkerData, ToFront } from './slack-front-messages.ts';
import { answer, createSlackEdge, type Deliver } from './slack-http-edge.ts';

const data = workerData as FrontWorkerData;
const main = parentPort!;
const post = (message: FromFront) => main.postMessage(message);

const logger: Logger = {
  info: (fields, message) => post({ type: 'log', level: 'info', fields, message }),
  warn: (fields, message) => post({ type: 'log', level: 'warn', fields, message }),
  error: (fields, message) => post({ type: 'log', level: 'error', fields, message }),
};

let ready = false;
let botUserId: string | undefined;
let nextAnswerId = 1;
const waiting = new Map<number, { res: ServerResponse; timer: NodeJS.Timeout }>();

const RETRY_HEADERS = ['x-slack-retry-num', 'x-slack-retry-reason'] as const;

// Deliveries acknowledged and not yet handled: handed to the main thread, at most
// data.window at a time, and the rest waiting here in turn. The main thread then runs a
// bounded number of commands at once however fast Slack sends, and a stall of a second or
// two (a busy neighbour on the core, a long collection) only lengthens the line here.
// Past data.maxOutstanding the main thread has seconds of work queued: the gate answers
// busy (busy-gate.ts).
let handedOver = 0;
const waitingTurn: Array<Extract<FromFront, { type: 'delivery' }>> = [];
const outstanding = () => handedOver + waitingTurn.length;
const gate = createBusyGate(data.maxOutstanding, outstanding, logger);

/** To the main thread now if its window has room, else in turn; a form waiting for its ack goes first. */
function handOver(message: Extract<FromFront, { type: 'delivery' }>): void {
  if (handedOver < data.window) {
    handedOver++;
    post(message);
  } else if (message.answerId !== undefined) waitingTurn.unshift(message);
  else waitingTurn.push(message);
}

/** Everything still waiting its turn, to the main thread at once (before 'synced' and 'closed'). */
function handOverAll(): void {
  for (const message of waitingTurn.splice(0)) {
    handedOver++;
    post(message);
  }
}

function handled(): void {
  handedOver--;
  const next = waitingTurn.shift();
  if (next) {
    handedOver++;
    post(next);
  }
  gate.handled();
}

const deliver: Deliver = (req, res, raw, delivery) => {
  if (gate.refused(res, delivery)) return;
  const headers: Record<string, string> = { 'content-type': delivery.mediaType };
  for (const name of RETRY_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const forwarded = { body: raw, headers };
  if (delivery.input.kind !== 'decline.submit') {
    handOver({ type: 'delivery', delivery: forwarded });
    return answer(res, 200);
  }
  const answerId = nextAnswerId++;
  // Like Bolt: a request nobody acknowledges in time gets 404, and Slack shows its error.
  const timer = setTimeout(() => {
    waiting.delete(answerId);
    logger.warn({ path: data.path }, 'slack request not acknowledged in time');
    answer(res, 404);
  }, data.answerTimeoutMs);
  waiting.set(answerId, { res, timer });
  res.on('close', () => {
    clearTimeout(timer);
    waiting.delete(answerId);
  });
  handOver({ type: 'delivery', delivery: forwarded, answerId });
};

const edge = createSlackEdge({
  path: data.path,
  signingSecret: data.signingSecret,
  logger,
  now: () => Date.now(),
  botUserId: () => botUserId,
  deliver: () => (ready ? deliver : undefined),
});

// Kept-alive connections to the main thread's server: a page load is several requests.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

function withoutHopByHop(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Pipes a request to the main thread's server and its answer back, streamed (live pages). */
function passThrough(req: IncomingMessage, res: ServerResponse): void {
  const inner = request(
    {
      host: '127.0.0.1',
      port: data.innerPort,
      method: req.method,
      path: req.url,
      headers: withoutHopByHop(req.headers),
      agent,
    },
    (answered) => {
      res.writeHead(answered.statusCode ?? 502, withoutHopByHop(answered.headers));
      res.flushHeaders();
      answered.pipe(res);
    },
  );
  inner.on('error', (error) => {
    if (res.headersSent) return void res.destroy();
    logger.error({ path: req.url?.split('?')[0], error: error.message }, 'web request failed at the front');
    answer(res, 502, 'The server is starting or stopping; try again in a moment.\n');
  });
  // The browser went away (a live page closed): end the inner request too.
  res.on('close', () => {
    if (!res.writableFinished) inner.destroy();
  });
  req.pipe(inner);
}

/** This thread's kernel id: /proc/thread-self links to <pid>/task/<tid> (Linux only). */
function ownThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer((req, res) => {
  const path = URL.canParse(req.url ?? '/', 'http://localhost')
    ? new URL(req.url ?? '/', 'http://localhost').pathname
    : undefined;
  if (path === data.path) return edge(req, res);
  if (path?.startsWith('/slack/')) return answer(res, 404);
  passThrough(req, res);
});

main.on('message', (message: ToFront) => {
  switch (message.type) {
    case 'ready':
      ready = true;
      botUserId = message.botUserId;
      return;
    case 'answer': {
      const held = waiting.get(message.answerId);
      if (!held) return;
      waiting.delete(message.answerId);
      clearTimeout(held.timer);
      const headers = message.contentType ? { 'content-type': message.contentType } : undefined;
      held.res.writeHead(message.status, headers).end(message.body);
      return;
    }
    case 'handled':
      return handled();
    case 'sync':
      // What was acknowledged so far reaches the main thread before 'synced' (settled()).
      handOverAll();
      return post({ type: 'synced', n: message.n });
    case 'close':
      // Every delivery acknowledged reaches the main thread before 'closed'.
      server.closeAllConnections();
      server.close(() => {
        agent.destroy();
        handOverAll();
        post({ type: 'closed' });
      });
  }
});

server.once('error', (error: NodeJS.ErrnoException) =>
  post({ type: 'failed', code: error.code, message: error.message }),
);

server.listen(data.port, data.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : data.port;
  post({ type: 'listening', port, threadId: ownThreadId() });
});
