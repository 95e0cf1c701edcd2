// The process guard in a real child process (vitest watches these process events itself,
// so they cannot be raised inside the test worker): a forgotten rejection is logged as one
// line and the process goes on; an uncaught exception is logged and asks for a stop.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const GUARD = path.resolve(import.meta.dirname, '../../src/compose/process-guard.ts');

const SCRIPT = `
const { guardProcess } = await import(${JSON.stringify(GUARD)});
const lines = [];
const logger = { info() {}, warn() {}, error: (fields, message) => lines.push(message + ' ' + JSON.stringify(fields)) };
const guard = guardProcess(logger);
Promise.reject(Object.assign(new Error('lost work'), { headers: { authorization: 'Bearer leak' } }));
await new Promise((resolve) => setTimeout(resolve, 50));
console.log('alive after rejection');
setTimeout(() => { throw new TypeError('broken callback'); }, 10);
await guard.fatal;
console.log('fatal seen');
console.log(lines.join('\\n'));
process.exit(1);
`;

describe('process guard', () => {
  it('keeps serving after an unhandled rejection, stops after an uncaught exception', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout).toContain('alive after rejection');
    expect(run.stdout).toContain('fatal seen');
    expect(run.stdout).toContain('unhandled rejection; still serving {"error":"Error: lost work"}');
    expect(run.stdout).toContain('uncaught exception; stopping {"error":"TypeError: broken callback"}');
    expect(run.stdout + run.stderr).not.toContain('Bearer leak');
    expect(run.status).toBe(1);
  });
});
