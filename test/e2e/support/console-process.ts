// A real `handoff console --web` process on a fresh data folder, fed line by line: the
// transcript it prints and the owners' pages it serves, for the console stories over HTTP.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../../fakes/discord/fake-discord.ts';

const BIN = path.resolve(import.meta.dirname, '../../../src/bin/handoff.mjs');

export interface ConsoleProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Where the owners' pages are, e.g. http://localhost:41234. */
  origin: string;
  /** Types one line into the chat and waits until the output after it shows `until`. */
  type(line: string, until: string): Promise<void>;
  /** Kills the process if it still runs and removes its data folder. */
  stop(): void;
}

export async function startConsoleWithPages(ownerToken: string): Promise<ConsoleProcess> {
  const temp = mkdtempSync(path.join(tmpdir(), 'handoff-console-web-'));
  const child = spawn(process.execPath, [BIN, 'console', '--web'], {
    env: {
      PATH: process.env.PATH,
      HANDOFF_DATA_DIR: path.join(temp, 'data'),
      PORT: '0',
      OWNER_TOKEN: ownerToken,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const pages = /Owners' pages: (http:\/\/localhost:\d+)/;
  await waitFor(() => pages.test(out) || child.exitCode !== null, 'the pages', 60_000);
  return {
    child,
    output: () => out,
    origin: pages.exec(out)![1]!,
    async type(line, until) {
      const before = out.length;
      child.stdin!.write(`${line}\n`);
      await waitFor(() => out.slice(before).includes(until), `"${until}" after "${line}"`, 30_000);
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
