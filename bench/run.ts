// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line).
// Each prints ratios against a baseline measured in the same run, so numbers from
// different machines or moments are comparable (DEVELOPERS.md: measured, not asserted).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of files) {
  const started = performance.now();
  console.log(`== ${file}`);
  const bench = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<void> };
  await bench.run();
  console.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
