// `handoff --help` names every setting the README's configuration tables document, so a
// new variable is not forgotten in one of the two places.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../src/usage.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('handoff --help', () => {
  it('names every environment variable of the README’s configuration tables', () => {
    const documented = [...README.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((name) => !USAGE.includes(name))).toEqual([]);
  });
});
