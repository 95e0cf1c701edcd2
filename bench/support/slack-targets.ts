// The apps the Slack benches drive, each its own process pinned with taskset (the load bench:
// one core each, the generator keeping the other; the scale-out bench: both cores for all):
// a bare Bolt app, the same serving PGlite as Handoff does, and Handoff in Slack HTTP mode on
// PostgreSQL or on the embedded PGlite, all against the same fake Slack.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { START_ENV } from '../../src/bin/start-env.mjs';
import type { FakeSlack } from '../../test/fakes/slack/fake-slack.ts';

export const SIGNING_SECRET = 'bench-signing-secret';
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Target {
  name: string;
  url: string;
  pid: number;
  /** What the process printed (logs at LOG_LEVEL, errors), for a bench that fails. */
  output(): string;
  stop(): Promise<void>;
}

export type TargetKind =
  | { kind: 'bare-bolt' }
  /** The bare Bolt app with PGlite served in its thread as Handoff serves it (bare-bolt.mjs). */
  | { kind: 'bare-bolt-pglite' }
  /** `env`: more settings for this process (REDIS_URL, REDIS_PREFIX, ACK_REMIND …). */
  | { kind: 'postgres'; url: string; env?: Record<string, string> }
  /** `env`: more settings for this process (SLACK_ACK_THREAD=off …). */
  | { kind: 'pglite'; env?: Record<string, string> };

/** CPUs as taskset takes them: one core (1), or a list ("0,1": any of both). */
export type Cpus = number | string;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs `args` with node pinned to CPU `cpu` (when taskset exists), waiting for `ready` on
 * stdout. `env` adds to this process's environment; a name set to undefined is left out.
 */
export async function spawnPinned(
  args: string[],
  env: Record<string, string | undefined>,
  ready: string,
  cpu: Cpus,
): Promise<ChildProcess & { output: () => string }> {
  const child = spawn('taskset', ['-c', String(cpu), process.execPath, ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return Object.assign(child, { output: () => out });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startTarget(target: TargetKind, slack: FakeSlack, cpu: Cpus = 1): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/slack/events`;
  if (target.kind === 'bare-bolt') {
    // Started as a Bolt app is, by plain node: not with Handoff's flags and environment,
    // which `npm run bench` gives its own process.
    const child = await spawnPinned(
      ['bench/support/bare-bolt.mjs'],
      { PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, ...unset(START_ENV) },
      'bare bolt ready',
      cpu,
    );
    return { name: 'bare Bolt', url, pid: child.pid!, output: child.output, stop: () => stopChild(child) };
  }
  if (target.kind === 'bare-bolt-pglite') {
    // PGlite as Handoff runs it: its V8 settings (bare-bolt.mjs) and its environment too.
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bare-pglite-'));
    const child = await spawnPinned(
      ['bench/support/bare-bolt.mjs'],
      { PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, BARE_PGLITE_DIR: dir, ...START_ENV },
      'bare bolt ready',
      cpu,
    );
    return targetWithFolder('bare Bolt + PGlite', url, child, dir);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-load-'));
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    HANDOFF_DATA_DIR: dataDir,
    OWNER_TOKEN: 'bench-owner-token-0123456789abcdef',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...START_ENV,
    ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}),
    ...target.env,
  };
  // Started as `npm start` starts it, and as the README says to start a service: with its
  // environment (the `handoff` command sets its V8 flags itself).
  const child = await spawnPinned(['src/bin/handoff.mjs', 'serve'], env, 'Handoff is running', cpu);
  const name = `Handoff on ${target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}${
    target.env?.SLACK_ACK_THREAD === 'off' ? ' without the ack thread' : ''
  }`;
  return targetWithFolder(name, url, child, dataDir);
}

/** A started app whose folder `dir` is removed once it has stopped. */
function targetWithFolder(
  name: string,
  url: string,
  child: ChildProcess & { output: () => string },
  dir: string,
): Target {
  return {
    name,
    url,
    pid: child.pid!,
    output: child.output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same names, to be left out of a child's environment. */
function unset(env: Record<string, string>): Record<string, undefined> {
  return Object.fromEntries(Object.keys(env).map((name) => [name, undefined]));
}

/**
 * Pins this process (the generator and the fake Slack) to CPU `cpu`: every thread of it, and
 * before it returns. Until 2026-12-05 only the main thread was pinned (`taskset -p` without
 * `-a`, not waited for): V8's helper threads (parallel scavenges, concurrent marking), libuv's
 * pool and tsx's loader thread could run on either core, so on the app's, at niceness 0
 * against Handoff's main thread at 10 (SLACK_WORK_NICENESS).
 */
export function pinSelf(cpu: Cpus = 0): void {
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}
