// The work threads yield to the Slack front thread on the embedded database (issue 13).

import { readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { lowerOtherThreads, WORK_NICENESS } from '../../src/compose/thread-priority.ts';

const threadId = (link: string) => Number(link.split('/').at(-1));

it('lowers every thread of the process but the one kept', async () => {
  const front = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self'));
     parentPort.once('message', () => process.exit(0));`,
    { eval: true },
  );
  const frontId = threadId(await new Promise<string>((resolve) => front.once('message', resolve)));
  const mainId = threadId(readlinkSync('/proc/thread-self'));
  const before = getPriority(frontId);

  expect(lowerOtherThreads(frontId)).toBeGreaterThan(1); // this thread and V8's helpers at least
  expect(getPriority(mainId)).toBe(WORK_NICENESS);
  expect(getPriority(frontId)).toBe(before);
  front.postMessage('done');
});
