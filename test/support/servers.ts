// Test suites that need a real server (PostgreSQL, Redis). Locally a missing server skips
// the suite with one line saying how to enable it; under CI=true it fails instead, so a
// broken CI service can never turn into a silently green run.

import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';
import { describe, it } from 'vitest';

export type ServerName = 'PostgreSQL' | 'Redis';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';
export const REDIS = { host: '127.0.0.1', port: 6379 };

const HOW_TO_ENABLE: Record<ServerName, string> = {
  PostgreSQL: 'start PostgreSQL on 127.0.0.1:5432 or set TEST_DATABASE_URL',
  Redis: 'start Redis on 127.0.0.1:6379',
};

/** The server the PostgreSQL suites use: TEST_DATABASE_URL, else the local default. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Whether PostgreSQL answers `SELECT 1` within `timeoutMs`. */
export async function postgresAvailable(url = testDatabaseUrl(), timeoutMs = 1_500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // a dropped connection after the check is not a test failure
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether Redis answers PING with +PONG within `timeoutMs` (raw RESP over TCP). */
export function redisAvailable(host = REDIS.host, port = REDIS.port, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = '';
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.connect(port, host, () => socket.write('*1\r\n$4\r\nPING\r\n'));
  });
}

/**
 * Checks the server once, at collection time. Returns whether it is up, for
 * `describe.skipIf(!up)`. When it is down: under CI=true registers a failing test;
 * otherwise prints one line naming the skipped suite and how to enable it.
 */
export async function serverSuite(name: ServerName, suite = `${name} suite`): Promise<boolean> {
  const up = name === 'PostgreSQL' ? await postgresAvailable() : await redisAvailable();
  if (up) return true;
  const howTo = HOW_TO_ENABLE[name];
  if (process.env.CI === 'true') {
    describe(suite, () => {
      it(`needs ${name}`, () => {
        throw new Error(`${name} is required under CI=true (${suite}): ${howTo}.`);
      });
    });
  } else {
    console.log(`Skipped "${suite}": ${name} is not reachable; to run it, ${howTo}.`);
  }
  return false;
}

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** A fresh, uniquely named database on the test server, for one test file. */
export async function createTestPostgresDatabase(): Promise<TestDatabase> {
  const base = testDatabaseUrl();
  const name = `handoff_test_${process.pid}_${randomUUID().slice(0, 8)}`;
  await admin(base, `CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
