// A Node script run in a process of its own, for work whose memory must not stay with the
// bot once done: creating a data folder (pglite-thread.ts), applying migrations
// (migrate-apart.ts). Both need the same: start it, feed it, collect what it said, wait.

import { spawn } from 'node:child_process';

export interface Finished {
  /** Its exit code; null when a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `args` in node; `input`, if any, is its standard input. Settles once it ends. */
export async function runNodeScript(script: string, args: string[] = [], input?: string): Promise<Finished> {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) {
    child.stdin!.on('error', () => {}); // a process that died at once: its exit says why
    child.stdin!.end(input);
  }
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code, stdout, stderr };
}
