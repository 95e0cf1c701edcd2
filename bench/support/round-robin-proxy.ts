// A simple round-robin HTTP load balancer, the kind that sits in front of N Handoff
// processes: each request goes to the next upstream in turn, its method, path, headers and
// body passed through untouched (streamed, not re-encoded), so Slack's signature over the
// raw body and timestamp still verifies on whichever process gets it.
//
// Run as its own process for the scale-out bench (like a real balancer, it does not share
// the load generator's event loop): PORT and PROXY_UPSTREAMS (comma-separated base URLs)
// from env; it prints "proxy ready", and on SIGTERM one line "proxied <json>" with how
// many requests each upstream got.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface RoundRobinProxy {
  server: http.Server;
  /** Requests handed to each upstream, in the order given. */
  counts: number[];
}

export function createRoundRobinProxy(upstreams: readonly URL[]): RoundRobinProxy {
  if (upstreams.length === 0) throw new Error('a proxy needs at least one upstream');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const counts = upstreams.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    counts[index]! += 1;
    const upstream = upstreams[index]!;
    const forward = http.request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('upstream failed\n');
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  server.on('close', () => agent.destroy());
  return { server, counts };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const upstreams = (process.env.PROXY_UPSTREAMS ?? '').split(',').map((u) => new URL(u));
  const proxy = createRoundRobinProxy(upstreams);
  proxy.server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`proxy ready on ${(proxy.server.address() as AddressInfo).port}`);
  });
  process.on('SIGTERM', () => {
    console.log(`proxied ${JSON.stringify(proxy.counts)}`);
    proxy.server.closeAllConnections();
    proxy.server.close(() => process.exit(0));
  });
}
