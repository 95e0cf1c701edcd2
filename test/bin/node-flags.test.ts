// Handoff's node flags (src/bin/node-flags.mjs) are set on node's command line, which
// Handoff does not write itself: the `handoff` command's first line and `npm start` carry
// them. This proves both carry exactly NODE_FLAGS, and that node takes them (an unknown
// flag stops node before Handoff starts).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/bin/node-flags.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMMAND = path.join(ROOT, 'src/bin/handoff.mjs');

describe("Handoff's node flags", () => {
  it('are on the handoff command’s first line and in npm start', () => {
    const [firstLine] = readFileSync(COMMAND, 'utf8').split('\n');
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['start']).toMatch(new RegExp(`&& node ${NODE_FLAGS.join(' ')} src/bin/handoff\\.mjs$`));
  });

  it('are taken by node when the command runs as itself (npx handoff, a service file)', () => {
    const run = spawnSync(COMMAND, ['--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('handoff');
  });
});
