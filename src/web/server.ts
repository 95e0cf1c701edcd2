// The bot's one HTTP server (issue 7): handlers are tried in order and the first that
// answers wins, so the Slack receiver (/slack/events) and the owners' pages share PORT.
// Nothing matched: 404. A handler that throws: 500, logged, never a stack to the browser.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HandoffError } from '../domain/errors.ts';
import type { WebHandler } from './web-handler.ts';

export interface WebServer {
  server: Server;
  port: number;
  /** `http://<host>:<port>` (localhost when listening everywhere): for links printed in the terminal. */
  origin: string;
  /** With a front thread: its kernel id (Linux), for the other threads to yield to it. */
  frontThreadId?: number | undefined;
  /** Stops listening and drops open connections (live pages reconnect elsewhere). */
  close(): Promise<void>;
}

async function dispatch(handlers: readonly WebHandler[], req: IncomingMessage, res: ServerResponse) {
  // A request line like "//" is no URL relative to us; every handler would throw on it.
  if (!URL.canParse(req.url ?? '/', 'http://localhost')) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('Bad request');
  }
  for (const handler of handlers) {
    if (await handler(req, res)) return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}

/** The host for printed links: localhost when listening everywhere, else the address chosen. */
function linkHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * A thread in front of the server that holds the public port (the Slack front thread,
 * adapters/slack/slack-front.ts): it serves some paths itself and passes the rest to this
 * server, which then listens on 127.0.0.1 only.
 */
export type WebFront = (listen: { port: number; host: string | undefined; innerPort: number }) => Promise<{
  port: number;
  /** The front thread's kernel id (Linux), if it has one. */
  threadId?: number | undefined;
  close(): Promise<void>;
}>;

function listenFailure(port: number, error: NodeJS.ErrnoException): HandoffError {
  const hint =
    error.code === 'EADDRINUSE'
      ? `Port ${port} is already in use. Set PORT to a free port, or WEB_ENABLED=false to run without the owners' pages.`
      : `The web server could not start on port ${port}: ${error.message}`;
  return new HandoffError(hint, 'validation', { cause: error });
}

export async function startWebServer(
  port: number,
  handlers: readonly WebHandler[],
  options: { host?: string; onError?: (error: unknown) => void; front?: WebFront } = {},
): Promise<WebServer> {
  const server = createServer((req, res) => {
    dispatch(handlers, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong on our side.');
    });
  });
  const { front } = options;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(port, error)));
    if (front) server.listen(0, '127.0.0.1', () => resolve());
    else server.listen(port, options.host, () => resolve());
  });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let frontThread: Awaited<ReturnType<WebFront>> | undefined;
  if (front) {
    const innerPort = (server.address() as AddressInfo).port;
    try {
      frontThread = await front({ port, host: options.host, innerPort });
    } catch (error) {
      await closeServer();
      throw listenFailure(port, error as NodeJS.ErrnoException);
    }
  }
  const actual = frontThread?.port ?? (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    origin: `http://${linkHost(options.host)}:${actual}`,
    ...(frontThread?.threadId ? { frontThreadId: frontThread.threadId } : {}),
    async close() {
      // The front first: what it acknowledged is still handled by this thread.
      await frontThread?.close();
      await closeServer();
    },
  };
}
