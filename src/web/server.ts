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
  /** `http://localhost:<port>`: for links printed in the terminal. */
  origin: string;
  /** Stops listening and drops open connections (live pages reconnect elsewhere). */
  close(): Promise<void>;
}

async function dispatch(handlers: readonly WebHandler[], req: IncomingMessage, res: ServerResponse) {
  for (const handler of handlers) {
    if (await handler(req, res)) return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}

export async function startWebServer(
  port: number,
  handlers: readonly WebHandler[],
  options: { host?: string; onError?: (error: unknown) => void } = {},
): Promise<WebServer> {
  const server = createServer((req, res) => {
    dispatch(handlers, req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong on our side.');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `Port ${port} is already in use. Set PORT to a free port, or WEB_ENABLED=false to run without the owners' pages.`
          : `The web server could not start on port ${port}: ${error.message}`;
      reject(new HandoffError(hint, 'validation', { cause: error }));
    });
    server.listen(port, options.host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    origin: `http://localhost:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
