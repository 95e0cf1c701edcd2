// The helpers that decide whether server-backed suites run (test/support/servers.ts).
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable } from '../support/servers.ts';

describe('server detection', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const listen = (reply: (data: string) => string | null) =>
    new Promise<number>((resolve) => {
      server = createServer((socket) => {
        socket.on('data', (data) => {
          const answer = reply(data.toString('latin1'));
          if (answer !== null) socket.write(answer);
        });
        socket.on('error', () => {});
      });
      server.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });

  it('finds Redis when PING is answered with +PONG', async () => {
    const port = await listen((data) => (data === '*1\r\n$4\r\nPING\r\n' ? '+PONG\r\n' : '-ERR\r\n'));
    expect(await redisAvailable('127.0.0.1', port)).toBe(true);
  });

  it('does not take another answer, silence or a closed port for Redis', async () => {
    const port = await listen(() => '-NOAUTH Authentication required.\r\n');
    expect(await redisAvailable('127.0.0.1', port)).toBe(false);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const silent = await listen(() => null);
    expect(await redisAvailable('127.0.0.1', silent, 200)).toBe(false);
    expect(await redisAvailable('127.0.0.1', 1)).toBe(false);
  });

  it('does not find PostgreSQL on a closed port or a silent server', async () => {
    expect(await postgresAvailable('postgresql://postgres@127.0.0.1:1/test')).toBe(false);
    const silent = await listen(() => null);
    expect(await postgresAvailable(`postgresql://postgres@127.0.0.1:${silent}/test`, 300)).toBe(false);
  });
});
