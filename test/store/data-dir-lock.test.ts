// The data folder lock's rules on real files: who holds it, and when a lock is stale.
// Real processes refusing each other are in test/e2e/data-dir-lock.test.ts.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirInUseError,
  OTHER_HOST_STALE_MS,
  type LockHolder,
} from '../../src/store/data-dir-lock.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'handoff-lock-unit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let n = 0;
function folder() {
  const dir = path.join(temp, `data-${++n}`);
  return { dir, file: path.join(dir, 'handoff.lock') };
}

function acquire(dir: string) {
  const warnings: string[] = [];
  const lock = acquireDataDirLock(dir, { command: 'handoff console', warn: (line) => warnings.push(line) });
  return { lock, warnings };
}

function plant(dir: string, holder: Partial<LockHolder>, ageMs = 0) {
  const file = path.join(dir, 'handoff.lock');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date().toISOString(),
      command: 'handoff serve',
      ...holder,
    }),
  );
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
}

/** A pid that was alive a moment ago and is not any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('data folder lock', () => {
  it('is held by one opener at a time, even in one process, and released without a trace', async () => {
    const { dir, file } = folder();
    const first = await acquire(dir).lock;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      command: 'handoff console',
    });
    const refused = await acquire(dir).lock.catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as Error).message).toMatch(
      /is in use by handoff pid \d+ \(started \d\d:\d\d, `handoff console`\)\. Stop it first, or use another HANDOFF_DATA_DIR\.$/,
    );
    await first.release();
    await first.release();
    expect(existsSync(file)).toBe(false);
    const again = await acquire(dir).lock;
    await again.release();
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    const { dir } = folder();
    const pid = deadPid();
    plant(dir, { pid });
    const { lock, warnings } = acquire(dir);
    await (await lock).release();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Took over .*handoff\\.lock: it was left by handoff pid ${pid} \\(started \\d\\d:\\d\\d, \`handoff serve\`\\), which is no longer running\\.$`,
        ),
      ),
    ]);
  });

  it("takes over a lock with this process's pid that this process does not hold (a restarted container)", async () => {
    const { dir } = folder();
    plant(dir, { pid: process.pid });
    const { lock, warnings } = acquire(dir);
    await (await lock).release();
    expect(warnings[0]).toContain('which is no longer running');
  });

  it('takes over a lock from before the machine booted, whatever its pid now is', async () => {
    const { dir } = folder();
    plant(dir, { pid: 1, startedAt: '2001-01-01T08:00:00.000Z' });
    const { lock, warnings } = acquire(dir);
    await (await lock).release();
    expect(warnings[0]).toContain('(started 2001-01-01 ');
    expect(warnings[0]).toContain('before the machine restarted');
  });

  it('leaves a live process alone', async () => {
    const { dir } = folder();
    plant(dir, { pid: 1 }); // init is always alive
    const refused = await acquire(dir).lock.catch((error: unknown) => error);
    expect((refused as Error).message).toContain('is in use by handoff pid 1 (started ');
  });

  it("trusts another host's lock while it is refreshed, and takes it over once it is not", async () => {
    const { dir } = folder();
    plant(dir, { pid: 4242, hostname: 'elsewhere' }, OTHER_HOST_STALE_MS - 10_000);
    const refused = await acquire(dir).lock.catch((error: unknown) => error);
    expect((refused as Error).message).toContain('is in use by handoff pid 4242 (started ');
    expect((refused as Error).message).toContain('`handoff serve`) on elsewhere.');

    plant(dir, { pid: 4242, hostname: 'elsewhere' }, OTHER_HOST_STALE_MS + 60_000);
    const { lock, warnings } = acquire(dir);
    await (await lock).release();
    expect(warnings[0]).toContain('on elsewhere, which has not refreshed it for 3 minutes.');
  });

  it('leaves an unreadable lock alone while it may be being written, and takes it over after', async () => {
    const { dir, file } = folder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
    const refused = await acquire(dir).lock.catch((error: unknown) => error);
    expect((refused as Error).message).toContain('is in use by another Handoff process (it is starting).');

    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const { lock, warnings } = acquire(dir);
    await (await lock).release();
    expect(warnings[0]).toContain('it was unreadable');
  });
});
