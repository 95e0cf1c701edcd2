// The package's root folder: the nearest folder above a module that holds package.json.
// Found rather than fixed, because the same module runs from src/ (through tsx) and from
// .build/src/ (compiled by src/bin/build.mjs), one level further down.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRootOf(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${fileURLToPath(moduleUrl)}.`);
    dir = up;
  }
  return dir;
}
