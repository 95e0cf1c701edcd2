// The `handoff` command runs the compiled build when it matches the sources, and otherwise
// the sources through tsx (src/bin/build-state.mjs); then it says so on stderr, since a
// server run that way is slower to start and larger with nothing else to show why. A copy of
// the sources with no build beside it stands for an upgrade that was not built (inside the
// package, so the copy finds its dependencies as the real one does).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM_SOURCES_NOTICE } from '../../src/bin/build-state.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COPY = path.join(ROOT, `.from-sources-test-${process.pid}`);

function handoff(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'src/bin/handoff.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the handoff command without a build', () => {
  beforeAll(() => {
    mkdirSync(COPY);
    for (const part of ['src', 'adapters', 'package.json']) {
      cpSync(path.join(ROOT, part), path.join(COPY, part), { recursive: true });
    }
  });
  afterAll(() => rmSync(COPY, { recursive: true, force: true }));

  it('runs the sources and says why it is slower and larger, and what to run', () => {
    const run = handoff(COPY, 'no-such-command');
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain(FROM_SOURCES_NOTICE);
    expect(FROM_SOURCES_NOTICE).toContain('npm run build');
    expect(run.stderr).toContain('Unknown command "no-such-command"');
  });

  it('says nothing of the kind with a build that matches the sources (npm test builds first)', () => {
    const run = handoff(ROOT, 'no-such-command');
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('TypeScript sources');
    expect(run.stderr).toContain('Unknown command "no-such-command"');
  });
});
