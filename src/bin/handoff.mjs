#!/usr/bin/env node
// The `handoff` command. It runs the sources compiled to `.build/` when that build matches
// them (`npm run build`; `npm start` and `npm test` build first), and otherwise the
// TypeScript sources themselves through tsx, so an edit is never hidden by an old build.
// `npm start` runs it with START_ENV (start-env.mjs says why).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FROM_SOURCES_NOTICE, sourceLoader } from './build-state.mjs';
import { keepSmallHeap } from './small-heap.mjs';
import { useHandoffV8Settings } from './v8-settings.mjs';

// First of all: wasm-tiering.mjs, small-heap.mjs and gc-marking.mjs say why, with their measurements.
useHandoffV8Settings();

// npm 11 runs no install scripts, so a fresh `npm install` has no generated Prisma client.
// `npm start` and `npm test` generate it; this covers `npx handoff …` too.
const root = fileURLToPath(new URL('../..', import.meta.url));
if (!existsSync(new URL('../store/generated/client.ts', import.meta.url))) {
  const generated = spawnSync('npm', ['run', '-s', 'generate'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (generated.status !== 0) {
    process.stderr.write('Could not generate the Prisma client. Run: npm run generate\n');
    process.exit(1);
  }
}

// Compiled, no loader is needed; tsx's runs in a thread of its own (issue 13: memory, start-up).
const { compiled, load } = await sourceLoader();
if (!compiled) keepSmallHeap(); // tsx's loader thread started with it (small-heap.mjs)

// Help straight from its light module: the command line proper loads the configuration
// (zod, YAML) first, which help does not need (issue 13: `handoff --help` ≤ 0.5 s).
if (['help', '--help', '-h'].includes(process.argv[2] ?? '') && process.argv.length === 3) {
  const { USAGE } = await load('usage');
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!compiled) process.stderr.write(`${FROM_SOURCES_NOTICE}\n`);
const { main } = await load('cli');
// Exit explicitly: a platform library that keeps reconnecting (Redis gone, say) must not
// keep a finished command alive. Output to pipes and files is synchronous on Linux.
process.exit(await main(process.argv.slice(2)));
