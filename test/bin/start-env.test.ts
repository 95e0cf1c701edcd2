// Handoff's start environment (src/bin/start-env.mjs) is set on the command that starts node,
// which Handoff does not write itself: `npm start` and `npm run bench` carry it. This proves
// they carry exactly START_ENV, that glibc takes it, and that the `handoff` command's first
// line needs no `env -S` (BusyBox's env has none).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { START_ENV } from '../../src/bin/start-env.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMMAND = path.join(ROOT, 'src/bin/handoff.mjs');
const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';

describe("Handoff's start environment", () => {
  it('is in npm start and npm run bench, and not on the handoff command’s first line', () => {
    const [firstLine] = readFileSync(COMMAND, 'utf8').split('\n');
    expect(firstLine).toBe('#!/usr/bin/env node');
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const start = `&& ${shellAssignments(START_ENV)} node`;
    const ending = (script: string, expected: string) => scripts[script]?.slice(-expected.length);
    expect(ending('start', `${start} src/bin/handoff.mjs`)).toBe(`${start} src/bin/handoff.mjs`);
    // The benches that run in the bench's own process (commands, handoffs, summary) run as Handoff does.
    expect(ending('bench', `${start} --import tsx bench/run.ts`)).toBe(`${start} --import tsx bench/run.ts`);
  });

  it('starts the handoff command', () => {
    const run = spawnSync(process.execPath, [COMMAND, '--help'], {
      cwd: ROOT,
      env: { ...process.env, ...START_ENV },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('handoff');
  });

  // glibc ignores a tunable it does not know, or a value out of range, without a word: its
  // dynamic loader lists the values it took.
  it.skipIf(!existsSync(GLIBC_LOADER))('sets the malloc tunables glibc takes', () => {
    const listed = spawnSync(GLIBC_LOADER, ['--list-tunables'], {
      env: { ...process.env, ...START_ENV },
      encoding: 'utf8',
    });
    expect(listed.status).toBe(0);
    for (const setting of START_ENV['GLIBC_TUNABLES']!.split(':')) {
      const [name, value] = setting.split('=');
      const took = new RegExp(`^${name!.replaceAll('.', '\\.')}: (0x[0-9a-f]+) `, 'm').exec(listed.stdout);
      expect(Number(took?.[1]), name).toBe(Number(value));
    }
  });
});

/** `A=1 B=2`, as a shell reads them before a command: values with no spaces or quotes. */
function shellAssignments(env: Record<string, string>): string {
  for (const value of Object.values(env)) expect(value).toMatch(/^[\w.=:,/-]+$/);
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
