// The real `handoff` process for tests that must see what a deployment sees: its exit
// code, and everything it writes on stdout and stderr. Started with node directly in its
// own process group (platform-facts.md: PID 1 here reaps no orphans).

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../../src/bin/handoff.mjs');

export interface SpawnedServer {
  child: ChildProcess;
  /** Everything written so far to stdout. */
  stdout(): string;
  /** Everything written so far to stderr. */
  stderr(): string;
  /** The origin of the shared HTTP server, read from the printed owner link. */
  origin(): string;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  /** SIGKILLs the process group if it still runs. */
  kill(): void;
}

/** Polls `check` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts `handoff [args]` with exactly `env` (plus PATH). */
export function spawnHandoff(env: Record<string, string>, args: string[] = []): SpawnedServer {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    origin() {
      const match = /Owners' pages: (http:\/\/[^/\s]+)\//.exec(out);
      if (!match) throw new Error(`no owners' URL in:\n${out}\n${err}`);
      return match[1]!;
    },
    exited: () => exit,
    kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
  };
}
