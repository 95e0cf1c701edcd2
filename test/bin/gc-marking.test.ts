// V8's marking on the main thread, set at run time (src/bin/gc-marking.mjs): a flag set so
// only matters if V8 reads it after the heap exists. V8 traces each marking task it starts in
// the background; with the flag set at run time a loop that allocates starts a few (parallel
// marking in the pause, as with the flag on node's command line), and without it many more.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(path.resolve(import.meta.dirname, '../../src/bin/gc-marking.mjs')).href;

/** Background marking tasks and full collections of a loop that allocates, as traced by V8. */
function traced(flags: string[], setAtRunTime: boolean): { tasks: number; fullCollections: number } {
  const script = `
    ${setAtRunTime ? `(await import(${JSON.stringify(MODULE)})).useMainThreadMarking();` : ''}
    let kept = [];
    for (let i = 0; i < 3e6; i++) {
      kept.push({ i, text: 'x' + i });
      if (kept.length > 5e5) kept = [];
    }`;
  const run = spawnSync(
    process.execPath,
    [...flags, '--trace-gc', '--trace-concurrent-marking', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return {
    tasks: run.stdout.match(/Starting major concurrent marking task/g)?.length ?? 0,
    fullCollections: run.stdout.match(/Mark-Compact/g)?.length ?? 0,
  };
}

describe('marking on the main thread', () => {
  it('holds when set at run time, and leaves a --concurrent-marking on the command line alone', () => {
    const background = traced([], false);
    const atRunTime = traced([], true);
    const asked = traced(['--concurrent-marking'], true);
    expect(background.fullCollections).toBeGreaterThan(0);
    expect(atRunTime.fullCollections).toBeGreaterThan(0);
    expect(background.tasks).toBeGreaterThan(2 * atRunTime.tasks);
    expect(asked.tasks).toBeGreaterThan(2 * atRunTime.tasks);
  });
});
