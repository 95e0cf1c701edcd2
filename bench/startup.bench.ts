// Issue 13: how long a person waits for `handoff` to start, against bare baselines in the
// same run: `handoff --help` against `node -e 0`, and a one-line console script on an
// existing data folder against opening that folder with PGlite alone.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { START_ENV } from '../src/bin/start-env.mjs';
import { percentile, type Report } from './report.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = 5;

/** Median wall time of `ROUNDS` runs of the command, in ms; fails on a non-zero exit. */
function timed(args: string[], env: Record<string, string> = {}, input?: string): number {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const began = performance.now();
    const run = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      input,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    times.push(performance.now() - began);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

export async function run(report: Report): Promise<void> {
  const node = timed(['-e', '0']);
  const help = timed(['src/bin/handoff.mjs', '--help'], START_ENV);
  report.absolute(
    {
      name: 'handoff --help, median of 5',
      value: help,
      unit: 'ms',
      baseline: { name: 'node -e 0', value: node },
    },
    { max: 500 },
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-startup-'));
  try {
    const env = {
      HANDOFF_DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'error',
      WEB_ENABLED: 'false',
      ...START_ENV,
    };
    const script = '/as dana\n';
    // The first run creates the folder (initdb, migrations); the figures are for later starts.
    timed(['src/bin/handoff.mjs', 'console', '--script', '-'], env, script);
    const consoleRun = timed(['src/bin/handoff.mjs', 'console', '--script', '-'], env, script);
    const bare = timed(['bench/support/bare-pglite-open.mjs', path.join(dir, 'data', 'pglite')]);
    report.ratio(
      {
        name: 'one-line console script, existing folder, median of 5',
        value: consoleRun,
        unit: 'ms',
        baseline: { name: 'bare PGlite open of the folder', value: bare },
      },
      { max: 1.5 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
