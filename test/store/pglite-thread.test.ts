// The embedded database's thread serves the folder on a Unix socket in a folder of its own
// that only this user may open, not on a TCP port every local user could reach (trust
// auth: no password), and removes that folder when it closes; the folder a killed process
// left behind goes at the next start.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startPGliteThread } from '../../src/store/pglite-thread.ts';

it('serves on a private Unix socket, removed on close', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-thread-'));
  const crashes: Error[] = [];
  const thread = await startPGliteThread(dataDir, (error) => crashes.push(error));
  const socketDir = new URL(thread.url).searchParams.get('host')!;
  try {
    expect(new URL(thread.url).hostname).toBe('localhost');
    expect(path.isAbsolute(socketDir)).toBe(true);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(socketDir, '.s.PGSQL.5432')).isSocket()).toBe(true);

    const client = new pg.Client({ connectionString: thread.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT 1 + 1 AS n');
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      await client.end();
    }
  } finally {
    await thread.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  expect(existsSync(socketDir)).toBe(false);
  expect(crashes).toEqual([]);
}, 60_000);

// PostgreSQL is sized for the one backend PGlite has (pglite-settings.mjs: memory), and the
// thread's connections all share it: a pool's worth of them at once still works.
it('serves several connections at once on a database sized for one backend', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-thread-'));
  const thread = await startPGliteThread(dataDir, () => {});
  const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: thread.url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const { rows } = await clients[0]!.query<{ max_connections: string }>('SHOW max_connections');
    expect(rows).toEqual([{ max_connections: '1' }]);
    await clients[0]!.query('CREATE TABLE seen (client int)');
    // Each a transaction of its own, all sent at once (the thread runs them one after another).
    await Promise.all(
      clients.map(async (c, i) => {
        await c.query('BEGIN');
        await c.query('INSERT INTO seen VALUES ($1)', [i]);
        await c.query('COMMIT');
      }),
    );
    const seen = await clients[3]!.query<{ client: number }>('SELECT client FROM seen ORDER BY client');
    expect(seen.rows.map((r) => r.client)).toEqual([0, 1, 2, 3]);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    await thread.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('removes the socket folders of processes that no longer run, and only theirs', async () => {
  const ended = spawnSync(process.execPath, ['-e', '0']).pid;
  const stale = path.join(tmpdir(), `handoff-db-${ended}-test`);
  const alive = path.join(tmpdir(), `handoff-db-${process.pid}-test`);
  mkdirSync(stale, { recursive: true });
  mkdirSync(alive, { recursive: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-thread-'));
  try {
    const thread = await startPGliteThread(dataDir, () => {});
    await thread.close();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(alive)).toBe(true);
  } finally {
    await rm(alive, { recursive: true, force: true });
    await rm(stale, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);
