// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line),
// prints each figure beside a baseline measured in the same run, then one table, and writes
// bench/results.json (DEVELOPERS.md: performance is measured, not asserted).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { useHandoffV8Settings } from '../src/bin/v8-settings.mjs';
import { Report } from './report.ts';

// As the `handoff` command runs (src/bin/v8-settings.mjs), for the benches that run in this
// process; `npm run bench` also gives node Handoff's START_ENV, as `npm start` does
// (src/bin/start-env.mjs).
useHandoffV8Settings();

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const report = new Report();
const began = performance.now();
for (const file of files) {
  const started = performance.now();
  console.log(`== ${file}`);
  report.section(file.replace(/\.bench\.ts$/, ''));
  const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as {
    run: (report: Report) => Promise<void>;
  };
  await bench.run(report);
  console.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\n${report.table()}\n`);
console.log(`${report.figures.length} figures in ${((performance.now() - began) / 1000).toFixed(0)} s`);
if (wanted.length === 0) report.write();
else console.log('(bench/results.json is written only by a full run)');
