#!/usr/bin/env node
// `npm run build` (also run by `npm start`, `npm test` and `npm run bench`): compiles the
// TypeScript sources file by file to `.build/`, same layout, imports ending in `.js`, and
// copies every other source file (the PGlite worker, JSON, YAML). Running the compiled files
// skips tsx, whose loader thread costs about 36 MB and its share of every start (issue 13).
// esbuild only strips types here; `npm run check` (tsc) is what checks them.

import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync, transformSync } from 'esbuild';
import { BUILD_DIR, ROOT, sourceFiles, sourceState, STAMP_NAME } from './build-state.mjs';

/** `'./x.ts'` and `"../y/z.ts"` in import and export specifiers, static or dynamic. */
const RELATIVE_TS = /(["'])(\.{1,2}\/[^"'\n]+?)\.ts\1/g;

// `--out=<folder>`: another folder inside the package (the test builds one of its own).
const outArg = process.argv.find((a) => a.startsWith('--out='));
const outDir = outArg ? path.resolve(ROOT, outArg.slice('--out='.length)) : BUILD_DIR;

const began = performance.now();
const files = sourceFiles();
const state = sourceState(files);
rmSync(outDir, { recursive: true, force: true });
for (const file of files) {
  const from = path.join(ROOT, file);
  const to = path.join(outDir, file);
  mkdirSync(path.dirname(to), { recursive: true });
  if (!file.endsWith('.ts')) {
    copyFileSync(from, to);
    continue;
  }
  const { code } = transformSync(readFileSync(from, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    // This Node: its syntax (import attributes for the JSON word lists) is kept as written.
    target: `node${process.versions.node}`,
    sourcefile: file,
  });
  writeFileSync(to.replace(/\.ts$/, '.js'), code.replace(RELATIVE_TS, '$1$2.js$1'));
}
// The Slack front thread's module, with what it imports (zod included), as one file: a
// worker thread compiles its modules afresh, and one minified file cost 18 MB of memory
// where the same code as 40-odd modules cost 26 (issue 13: resident memory idle ≤ 150 MB).
const front = path.join(outDir, 'adapters/slack/slack-front-thread.js');
buildSync({
  entryPoints: [front],
  outfile: front,
  allowOverwrite: true,
  bundle: true,
  minify: true,
  keepNames: true,
  platform: 'node',
  format: 'esm',
  target: `node${process.versions.node}`,
  logLevel: 'warning',
});
// Written last: a build cut short has no stamp, so it is never used.
writeFileSync(path.join(outDir, STAMP_NAME), JSON.stringify(state));
const ms = Math.round(performance.now() - began);
if (!process.argv.includes('--quiet'))
  console.log(`Compiled ${files.length} source files to ${path.relative(ROOT, outDir)}/ in ${ms} ms.`);
