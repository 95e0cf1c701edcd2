// The HTTP edge in front of Bolt's receiver (issue 12): read the body (bounded), verify it,
// parse it, and only then let Bolt see it. Whatever a request carries, the answer is a 4xx
// with one short reason, never a 5xx (Slack retries those) and never a crash. A refused
// request is logged as one line (method, path, reason): never its headers or its body,
// which may carry someone's Authorization header or cookies.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/app/ports.ts';
import { isSslCheck, parseSlackEnvelope, type SlackEnvelope } from './slack-envelope.ts';
import { verifySlackRequest } from './verify-slack-request.ts';

/** Bolt's own default limit; Slack's payloads are far smaller. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface SlackEdgeDeps {
  path: string;
  signingSecret: string;
  logger: Logger;
  now(): number;
  botUserId(): string | undefined;
  /** Who takes a checked delivery once the app is started (Bolt, or the front thread's
   *  hand-over to it); undefined before (503). */
  deliver(): Deliver | undefined;
}

export type Delivery = Extract<SlackEnvelope, { kind: 'delivery' }>;
export type Deliver = (req: IncomingMessage, res: ServerResponse, raw: Buffer, delivery: Delivery) => void;

/** Bolt's receiver as the taker: it reads the buffered body again, and answers itself. */
export function deliverToBolt(bolt: (req: IncomingMessage, res: ServerResponse) => void): Deliver {
  return (req, res, raw, delivery) => {
    // Bolt re-reads the buffered body (it skips reading when rawBody is set) and
    // compares Content-Type with ===, so it gets the bare media type we parsed with.
    Object.assign(req, { rawBody: raw });
    req.headers['content-type'] = delivery.mediaType;
    bolt(req, res);
  };
}

type Outcome = 'too large' | 'aborted' | Buffer;

function readBody(req: IncomingMessage, limit: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => resolve('aborted'));
  });
}

export function answer(res: ServerResponse, status: number, text = '', type = 'text/plain; charset=utf-8') {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, text ? { 'content-type': type } : {});
  res.end(text);
}

export function createSlackEdge(deps: SlackEdgeDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = deps;
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, reason: string) => {
    logger.warn({ method: req.method, path: deps.path, status, reason }, 'slack request refused');
    answer(res, status, status === 401 ? '' : `${reason}\n`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return refuse(req, res, 405, 'Slack requests are POSTs');
    }
    const deliver = deps.deliver();
    if (!deliver) return answer(res, 503);
    const raw = await readBody(req, BODY_LIMIT_BYTES);
    if (raw === 'aborted') return;
    if (raw === 'too large') return refuse(req, res, 413, `the body is over ${BODY_LIMIT_BYTES} bytes`);
    const contentType = req.headers['content-type'];
    if (isSslCheck(raw, contentType)) return answer(res, 200);
    const verdict = verifySlackRequest({
      body: raw,
      headers: req.headers,
      signingSecret: deps.signingSecret,
      nowMs: deps.now(),
    });
    if (!verdict.ok) return refuse(req, res, 401, verdict.reason);
    const envelope = parseSlackEnvelope(raw, contentType, deps.botUserId());
    switch (envelope.kind) {
      case 'malformed':
        return refuse(req, res, 400, `malformed Slack request: ${envelope.reason}`);
      case 'ssl_check':
        return answer(res, 200);
      case 'url_verification':
        return answer(res, 200, JSON.stringify({ challenge: envelope.challenge }), 'application/json');
      case 'unsupported':
        logger.info({ reason: envelope.reason }, 'slack input ignored');
        return answer(res, 200);
      case 'delivery':
        return deliver(req, res, raw, envelope);
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error(
        {
          method: req.method,
          path: deps.path,
          error: error instanceof Error ? error.message : String(error),
        },
        'slack request failed at the edge',
      );
      answer(res, 400, 'malformed Slack request\n');
    });
  };
}
