// The command line as `npm start` runs it: the sources compiled by src/bin/build.mjs, without
// tsx. A folder of its own (inside the package, as the compiled files find the package root
// by its package.json), so the suite's own `.build/` is left alone while other tests use it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = `.build-test-${process.pid}`;
const out = path.join(ROOT, OUT);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsFiles(path.join(dir, e.name))
      : e.name.endsWith('.js')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('the compiled command line', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, ['src/bin/build.mjs', `--out=${OUT}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^Compiled \d+ source files to \.build-test-\d+\/ in \d+ ms\.$/m);
    // What src/bin/handoff.mjs does with a fresh build, from a file (the database's worker
    // thread inherits node's flags, so `--input-type` would not do).
    const entry =
      "const { main } = await import('./src/cli.js');\nprocess.exit(await main(process.argv.slice(2)));\n";
    writeFileSync(path.join(out, 'run.mjs'), entry);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('imports JavaScript only: every relative import names a .js file, and none a .ts one', () => {
    const files = jsFiles(out);
    expect(files.length).toBeGreaterThan(150);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/(["'])\.{1,2}\/[^"'\n]+?\.ts\1/);
    }
    const cli = readFileSync(path.join(out, 'src/cli.js'), 'utf8');
    expect(cli).toMatch(/from "\.\/config\.js"/);
  });

  it('runs a console story on a new data folder: migrations, the example directory, the JSON word lists', () => {
    const data = mkdtempSync(path.join(tmpdir(), 'handoff-compiled-'));
    try {
      const script = [
        '/as Maria',
        '/incident open wanderlust-web sev1 The booking site shows a 502 error',
        '/as Dana',
        // The blame guard's word lists are the JSON file imported with an import attribute.
        "Sam's hosting broke it again, typical",
        '/incident status',
      ].join('\n');
      const run = spawnSync(process.execPath, [path.join(out, 'run.mjs'), 'console', '--script', '-'], {
        cwd: ROOT,
        input: `${script}\n`,
        encoding: 'utf8',
        env: {
          ...process.env,
          HANDOFF_DATA_DIR: path.join(data, 'data'),
          LOG_LEVEL: 'error',
          WEB_ENABLED: 'false',
        },
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('Opened INC-1 for Wanderlust Travel website (sev1)');
      expect(run.stdout).toMatch(/INC-1 .*The booking site shows a 502 error/);
      expect(run.stdout).not.toContain('tsx');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
