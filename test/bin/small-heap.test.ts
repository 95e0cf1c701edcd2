// The heap flags of src/bin/small-heap.mjs are set at run time, which V8 honours only for
// flags it reads each time it sizes the heap. This proves they still take hold (a Node
// upgrade could ignore them silently), in a process of its own, against one without them.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const SMALL_HEAP = pathToFileURL(path.resolve(import.meta.dirname, '../../src/bin/small-heap.mjs')).href;

/**
 * Keeps 200,000 small objects alive while making as many again as garbage, as a busy bot's
 * heap does, and prints the young generation's size and how many full collections ran.
 */
const CHURN = `
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
const mode = process.argv[1];
const heap = await import(${JSON.stringify(SMALL_HEAP)});
if (mode !== 'default') heap.useSmallHeap();
// A thread started afterwards, as the PGlite and Slack ack threads are; kept or not.
let thread;
if (mode.startsWith('thread')) {
  thread = new Worker('setInterval(() => {}, 1000)', { eval: true });
  if (mode === 'thread-kept') heap.keepSmallHeap(thread);
  await new Promise((resolve) => thread.once('online', resolve));
}
let fullCollections = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail?.kind === 4 /* major */) fullCollections++;
}).observe({ entryTypes: ['gc'] });
const kept = [];
for (let round = 0; round < 400; round++) {
  const batch = [];
  for (let i = 0; i < 1000; i++) batch.push({ round, i, text: 'x'.repeat(40) + i });
  if (round % 2 === 0) kept.push(batch);
}
await new Promise((r) => setTimeout(r, 50));
const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(JSON.stringify({ youngMb: young.space_size / 1048576, fullCollections, kept: kept.length }));
await thread?.terminate();
`;

interface Churned {
  youngMb: number;
  fullCollections: number;
  kept: number;
}

/** The churn in a node of its own, with `nodeFlags` on its command line. */
function churn(mode: 'small' | 'default' | 'thread' | 'thread-kept', nodeFlags: string[] = []): Churned {
  const run = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', CHURN, '--', mode], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Churned;
}

describe('the small heap', () => {
  it('keeps the young generation at its initial 2 × 1 MB where V8 grows it to 2 × 16 MB', () => {
    const small = churn('small');
    const dflt = churn('default');
    expect(small.kept).toBe(200);
    expect(small.youngMb).toBeLessThanOrEqual(2);
    expect(dflt.youngMb).toBeGreaterThan(8);
  });

  it('stays small after a worker thread starts, which V8 would undo for the whole process', () => {
    // V8 raises the growth factor back to 2 whenever it creates an isolate (Heap::ConfigureHeap).
    expect(churn('thread').youngMb).toBeGreaterThan(8);
    const kept = churn('thread-kept');
    expect(kept.kept).toBe(200);
    expect(kept.youngMb).toBeLessThanOrEqual(2);
  });

  it('collects the old generation more often as it grows', () => {
    expect(churn('small').fullCollections).toBeGreaterThan(churn('default').fullCollections);
  });

  it("leaves a heap sized by hand on node's command line alone", () => {
    expect(churn('small', ['--max-semi-space-size=16']).youngMb).toBeGreaterThan(8);
    expect(churn('small', ['--max-old-space-size=4096']).youngMb).toBeGreaterThan(8);
  });
});
