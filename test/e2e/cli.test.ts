// The `handoff` command as a new user runs it: a real child process.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../src/bin/handoff.mjs');
const temp = mkdtempSync(path.join(tmpdir(), 'handoff-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function handoff(args: string[], input = '', env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HANDOFF_DATA_DIR: path.join(temp, 'data'), ...env },
    timeout: 60_000,
    // Never the repository: a file written "here" must not land in the clone.
    cwd: temp,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('handoff CLI', () => {
  it('runs a script from stdin on the embedded database and prints a transcript', () => {
    const script = [
      '/clock 2026-03-01T09:00Z',
      '/as Maria',
      '/incident open harbour-shop Checkout fails',
      '/as Otto',
      '/incident status',
    ].join('\n');
    const { code, out, err } = handoff(['console'], script);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('[09:00] Maria: /incident open harbour-shop Checkout fails');
    expect(out).toContain(
      "Maria, you are not a contact for Harbour Bakery online shop, so you can't report its outages.",
    );
    expect(out).toContain('Otto, you are not in any open incident.');
  });

  it('stops at start-up on a broken directory file, naming the problem, without a stack trace', () => {
    const file = path.join(temp, 'broken.yaml');
    writeFileSync(
      file,
      'organisations:\n  - id: acme\n    name: Acme\n    kind: clinet\npeople: []\nsites: []\n',
    );
    const { code, err } = handoff(['console', '--directory', file]);
    expect(code).toBe(1);
    expect(err).toContain(
      `${file}: organisations[0] (id "acme"): field "kind": must be one of provider, vendor, client (found "clinet")`,
    );
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('stops at start-up on a bad setting and says how to write it', () => {
    const { code, err } = handoff(['console'], '', { ACK_REMIND: 'soon' });
    expect(code).toBe(1);
    expect(err).toContain('ACK_REMIND must be a duration like 10m, 90s, 1h30m or 2d (got "soon")');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('answers an unknown command in one line that points at --help, not the whole usage', () => {
    // Was the whole 20-line usage (issue 15); the usage stays one --help away.
    const { code, err } = handoff(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toBe('Unknown command "frobnicate": see handoff --help\n');
    expect(handoff(['exprot']).err).toBe(
      'Unknown command "exprot" (did you mean "handoff export"?): see handoff --help\n',
    );
  });

  it('prints its version from package.json', () => {
    const { version } = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { code, out, err } = handoff([flag]);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toBe(`handoff ${version}\n`);
    }
  });

  it("exports without a file name into the data folder's backups and prints the path", () => {
    const { code, out, err } = handoff(['export']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const backups = path.join(temp, 'data', 'backups');
    const [name, ...more] = readdirSync(backups).filter((n) => n.startsWith('handoff-export-'));
    expect(more).toEqual([]);
    expect(name).toMatch(/^handoff-export-\d{8}T\d{6}Z\.json$/);
    expect(out).toContain(`Wrote ${path.join(backups, name!)}`);
    // Nothing lands in the folder the command was run from.
    expect(readdirSync(temp).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(existsSync(path.join(backups, name!))).toBe(true);
  });
});
