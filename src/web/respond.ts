// Writing responses: every page is private (no caching, no referrer, a strict content
// security policy: our own script and styles only, nothing inline but the SVG's style).

import type { ServerResponse } from 'node:http';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendNotFound(res: ServerResponse): void {
  send(
    res,
    404,
    'text/html',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found · Handoff</title><link rel="stylesheet" href="/assets/app.css"></head><body><main><h1>Not found</h1><p class="meta">There is nothing here, or this link does not give access to it.</p></main></body></html>',
  );
}
