// Issue 12, seen 7: the server listened on every interface with no way to choose. HOST
// picks the address; unset it stays every interface, as before.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { startWebServer } from '../../src/web/server.ts';

describe('HOST', () => {
  it('is unset by default: every interface, as before', () => {
    expect(loadConfig({}).web.host).toBeUndefined();
    expect(loadConfig({ HOST: '' }).web.host).toBeUndefined();
  });

  it('takes an IPv4 or IPv6 address or a host name', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).web.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).web.host).toBe('::1');
    expect(loadConfig({ HOST: 'handoff.internal' }).web.host).toBe('handoff.internal');
  });

  it('refuses anything else with a message saying what to write', () => {
    expect(() => loadConfig({ HOST: 'http://localhost:3000' })).toThrow(ValidationError);
    expect(() => loadConfig({ HOST: 'two words' })).toThrow(
      /HOST must be an address to listen on, like 127\.0\.0\.1, :: or a host name/,
    );
  });

  it('binds the server to that address, and links use it', async () => {
    const server = await startWebServer(0, [], { host: '127.0.0.1' });
    try {
      expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
      expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
      expect((await fetch(`${server.origin}/nothing`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('without a host, listens everywhere and links to localhost', async () => {
    const server = await startWebServer(0, []);
    try {
      expect(['::', '0.0.0.0']).toContain((server.server.address() as { address: string }).address);
      expect(server.origin).toBe(`http://localhost:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('a request line that is not a URL gets 400, not 500', async () => {
    const server = await startWebServer(0, [
      async (req) => {
        new URL(req.url ?? '/', 'http://localhost');
        return false;
      },
    ]);
    try {
      const { request } = await import('node:http');
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '//' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
