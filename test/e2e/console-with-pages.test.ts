// Issue 7 "Done when": someone chatting in the console follows the incident on the
// owners' pages, then reads its summary and swimlane. A real `handoff console --web`
// process, fed line by line, and plain HTTP against the pages it serves.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/discord/fake-discord.ts';

const BIN = path.resolve(import.meta.dirname, '../../src/bin/handoff.mjs');
const TOKEN = 'owner-token-for-the-console-test';
const temp = mkdtempSync(path.join(tmpdir(), 'handoff-console-web-'));
let child: ChildProcess;
let out = '';
let origin = '';

/** Types one line into the chat and waits until the transcript shows `until`. */
async function type(line: string, until: string): Promise<void> {
  child.stdin!.write(`${line}\n`);
  await waitFor(() => out.includes(until), `"${until}" after "${line}"`, 30_000);
}

const page = async (rest: string) => {
  const response = await fetch(`${origin}/o/${TOKEN}${rest}`);
  return { status: response.status, text: await response.text() };
};

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'console', '--web'], {
    env: { PATH: process.env.PATH, HANDOFF_DATA_DIR: path.join(temp, 'data'), PORT: '0', OWNER_TOKEN: TOKEN },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(
    () => /Owners' pages: (http:\/\/localhost:\d+)/.test(out) || child.exitCode !== null,
    'the pages',
    60_000,
  );
  origin = /Owners' pages: (http:\/\/localhost:\d+)/.exec(out)![1]!;
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
});

describe('console chat with the owners pages', () => {
  it('shows the live incident, then its summary and swimlane after resolving', async () => {
    await type('/clock 2026-03-02T08:00Z', 'Clock: 2026-03-02T08:00:00Z');
    await type('/as Maria', 'You are now Maria');
    await type('/incident open wanderlust-web The booking site is down', 'Opened INC-1');
    expect((await page('/')).text).toContain('The booking site is down');
    // Issue 15, item 2: the client gets their own read-only link from the chat, and it opens.
    await type('/incident link', "Maria, here is Wanderlust Travel's own read-only page: ");
    await waitFor(() => /read-only page: (\S+)\n/.test(out), 'the whole link', 5_000);
    const link = /read-only page: (\S+)\n/.exec(out)![1]!;
    expect(link.startsWith(`${origin}/c/wanderlust/`)).toBe(true);
    const clientPage = await fetch(link);
    expect(clientPage.status).toBe(200);
    expect(await clientPage.text()).toContain('The booking site is down');

    await type('/as Dana', 'You are now Dana');
    await type('/incident step add Find the cause', 'Added step 1');
    await type(
      '/incident handoff 1 @Sam Disk full on the managed server; cleared /tmp',
      'Offered step 1 to Sam',
    );
    await type('/wait 10m', 'Clock: 2026-03-02T08:10:00Z');
    await type('/as Sam', 'You are now Sam');
    await type('/incident accept H1', 'You accepted H1');
    const live = await page('/incidents/1');
    expect(live.status).toBe(200);
    expect(live.text).toContain('Find the cause');
    expect(live.text).toMatch(/Sam/);

    await type('/wait 50m', 'Clock: 2026-03-02T09:00:00Z');
    await type('/as Dana', 'You are now Dana');
    await type('/incident resolve Binlog retention fixed', 'INC-1 is resolved.');
    const summary = await page('/incidents/1/summary');
    expect(summary.status).toBe(200);
    expect(summary.text).toContain('Resolved after 1 h');
    const swimlane = await page('/incidents/1/swimlane.svg');
    expect(swimlane.status).toBe(200);
    const svg = swimlane.text;
    expect(svg.indexOf('Dana')).toBeGreaterThan(-1);
    expect(svg.indexOf('Dana')).toBeLessThan(svg.lastIndexOf('Sam'));

    child.stdin!.end();
    const code = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(0);
  });
});
