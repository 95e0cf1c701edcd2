// The example directory with `count` more sites (bench-1 …), so each of a bench's
// concurrent users can work an incident of its own: one open incident per site is the
// rule, and users sharing one incident would measure its lock, not the app.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/directory.yaml');

/** Writes the directory to a fresh temporary folder; returns the file's path. */
export function writeBenchDirectory(count: number): string {
  const directory = parse(readFileSync(EXAMPLE, 'utf8')) as { sites: object[] };
  for (let i = 1; i <= count; i++) {
    directory.sites.push({
      id: `bench-${i}`,
      name: `Bench site ${i}`,
      client: 'wanderlust',
      it_contact: 'dana',
      vendor_contacts: ['sam'],
      sla: { monthly_fee: 100, uptime_target: 99.5, credit_tiers: [{ below: 99.5, credit: 10 }] },
    });
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'handoff-bench-dir-')), 'directory.yaml');
  writeFileSync(file, stringify(directory));
  return file;
}
