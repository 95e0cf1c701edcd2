// Handoff's node flags (src/bin/node-flags.mjs) are set on node's command line, which
// Handoff does not write itself: `npm start` and `npm run bench` carry them. This proves
// they carry exactly NODE_FLAGS, that node takes them (an unknown flag stops node before Handoff starts), and
// that the `handoff` command's first line needs no `env -S` (BusyBox's env has none).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/bin/node-flags.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMMAND = path.join(ROOT, 'src/bin/handoff.mjs');

describe("Handoff's node flags", () => {
  it('are in npm start and npm run bench, and not on the handoff command’s first line', () => {
    const [firstLine] = readFileSync(COMMAND, 'utf8').split('\n');
    expect(firstLine).toBe('#!/usr/bin/env node');
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['start']).toMatch(new RegExp(`&& node ${NODE_FLAGS.join(' ')} src/bin/handoff\\.mjs$`));
    // The benches that run in the bench's own process (commands, handoffs, summary) run as Handoff does.
    expect(scripts['bench']).toMatch(
      new RegExp(`&& node ${NODE_FLAGS.join(' ')} --import tsx bench/run\\.ts$`),
    );
  });

  it('are taken by node', () => {
    const run = spawnSync(process.execPath, [...NODE_FLAGS, COMMAND, '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('handoff');
  });
});
