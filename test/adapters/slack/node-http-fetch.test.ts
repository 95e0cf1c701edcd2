// The fetch Slack's clients use (adapters/slack/node-http-fetch.ts), against a local HTTP
// server: what it sends, what it gives back, and that it fails as the global fetch does
// where the Web API client depends on it (a timeout's TimeoutError, redirect: 'error').
// The Slack adapter's own suites drive it through Bolt and the Web API client.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from '../../../adapters/slack/node-http-fetch.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('nodeHttpFetch', () => {
  const seen: Seen[] = [];
  let server: Server;
  let base: string;
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.2"}'),
    '/limited': (res) => res.writeHead(429, { 'retry-after': '3' }).end('slow down'),
    '/moved': (res) => res.writeHead(302, { location: '/ok' }).end(),
    '/silent': () => {}, // never answers
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body with its headers and gives back status, headers and body', async () => {
    const answer = await nodeHttpFetch(`${base}/ok`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-1' },
      body: JSON.stringify({ text: 'Step 1 is Sam’s' }),
    });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/ok',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-1' },
      body: '{"text":"Step 1 is Sam’s"}',
    });
    expect(seen.at(-1)?.headers['content-length']).toBe(
      String(Buffer.byteLength('{"text":"Step 1 is Sam’s"}')),
    );
    expect(answer.ok).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(`${base}/ok`);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual({ ok: true, ts: '1.2' });
  });

  it('sends form bodies as text and reads a refusal without throwing', async () => {
    const answer = await nodeHttpFetch(`${base}/limited`, {
      method: 'POST',
      body: new URLSearchParams({ channel: 'C1', text: 'a b' }),
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    });
    expect(seen.at(-1)?.body).toBe('channel=C1&text=a+b');
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(await answer.text()).toBe('slow down');
    expect(Buffer.from(await answer.arrayBuffer()).toString()).toBe('slow down');
  });

  it("rejects with the signal's reason when it times out, as fetch does", async () => {
    const started = Date.now();
    const failure = await nodeHttpFetch(`${base}/silent`, {
      method: 'POST',
      signal: AbortSignal.timeout(100),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses a redirect under redirect: 'error', as the Web API client asks", async () => {
    await expect(nodeHttpFetch(`${base}/moved`, { method: 'POST', redirect: 'error' })).rejects.toThrow(
      TypeError,
    );
  });

  it('leaves a multipart upload to the global fetch', async () => {
    const form = new FormData();
    form.append('file', 'contents');
    const answer = await nodeHttpFetch(`${base}/ok`, { method: 'POST', body: form });
    expect(answer.ok).toBe(true);
    expect(seen.at(-1)?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen.at(-1)?.body).toContain('contents');
  });

  it('fails as fetch does when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(nodeHttpFetch(`http://127.0.0.1:${port}/`, { method: 'POST' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
