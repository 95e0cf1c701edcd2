// Issue 12: one process per embedded data folder, with real processes. A second start on
// the same HANDOFF_DATA_DIR is refused in one line naming the holder; a lock left by a
// SIGKILLed process is taken over; a graceful stop leaves no lock behind.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/discord/fake-discord.ts';

const BIN = path.resolve(import.meta.dirname, '../../src/bin/handoff.mjs');
const temp = mkdtempSync(path.join(tmpdir(), 'handoff-lock-'));
const LOCK = path.join(temp, 'data', 'handoff.lock');
const ENV = { PATH: process.env.PATH, HANDOFF_DATA_DIR: './data', PORT: '0', LOG_LEVEL: 'warn' };
const OPEN_SCRIPT = '/as Maria\n/incident open wanderlust-web sev1 The booking site is down\n';
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `handoff serve` in `temp` (so the folder shows as ./data), once it says it is running. */
async function startServer() {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: temp, env: ENV, stdio: 'pipe' });
  started.push(child);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('Handoff is running') || child.exitCode !== null, 'the server', 60_000);
  expect(out).toContain('Handoff is running');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** Runs one `handoff` command to its end and says how long it took. */
function run(args: string[], input = '') {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: temp, env: ENV, stdio: 'pipe' });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end(input);
  return new Promise<{ code: number | null; out: string; err: string; ms: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, out, err, ms: Date.now() - t0 })),
  );
}

const HH_MM = String.raw`\d\d:\d\d`;

describe('one process per embedded data folder', () => {
  it('refuses a second start in one line that names the holder, within seconds', async () => {
    const server = await startServer();
    expect(JSON.parse(readFileSync(LOCK, 'utf8'))).toMatchObject({
      pid: server.child.pid,
      command: 'handoff serve',
    });

    const second = await run(['console'], OPEN_SCRIPT);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(
      new RegExp(
        String.raw`^\./data is in use by handoff pid ${server.child.pid} \(started ${HH_MM}, \`handoff serve\`\)\. ` +
          String.raw`Stop it first, or use another HANDOFF_DATA_DIR\.\n$`,
      ),
    );
    expect(second.out).not.toContain('INC-1');
    expect(second.ms).toBeLessThan(15_000);

    const exported = await run(['export', 'out.json']);
    expect(exported.code).toBe(1);
    expect(exported.err.split('\n')).toHaveLength(2); // one line and its newline
    expect(exported.err).toContain(
      `handoff export needs ./data, which is in use by handoff pid ${server.child.pid} (started `,
    );
    expect(exported.err).toContain('take the newest scheduled backup from ./data/backups');
    expect(existsSync(path.join(temp, 'out.json'))).toBe(false);

    // The holder was not disturbed: it still holds the folder and stops cleanly.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(LOCK)).toBe(false);
  }, 120_000);

  it('takes over the lock of a SIGKILLed process, with a warning', async () => {
    const server = await startServer();
    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(LOCK)).toBe(true);

    const next = await run(['console'], OPEN_SCRIPT);
    expect(next.code).toBe(0);
    expect(next.err).toMatch(
      new RegExp(
        String.raw`^Took over \./data/handoff\.lock: it was left by handoff pid ${server.child.pid} ` +
          String.raw`\(started ${HH_MM}, \`handoff serve\`\), which is no longer running\.\n$`,
      ),
    );
    expect(next.out).toContain('Opened INC-');
    expect(existsSync(LOCK)).toBe(false);
  }, 120_000);
});
