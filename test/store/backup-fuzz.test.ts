// Issue 12, build 3: 10,000 corrupted backup files through the pure reader (fixed seed). Each
// ends in a clean parse or in one ValidationError whose every line names the file: never a
// stack, never another kind of throw. backup-fuzz-db.test.ts sends a handful to a database.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { parseBackupText } from '../../src/store/backup.ts';
import { corruptedFile, type Json } from './backup-corruptions.ts';
import { validBackupJson } from './backup-fixture.ts';

const RUNS = 10_000;
const SOURCE = 'backup.json';
const HEAD = /^backup\.json was not imported, and nothing was written: \d+ problems?\.$/;
const JSON_ERROR = /^backup\.json can't be read as JSON: [^\n]+$/;

/** Throws (failing the property) unless the outcome is a clean parse or a well-formed refusal. */
function outcomeOf(text: string): 'accepted' | 'refused' {
  try {
    parseBackupText(text, SOURCE);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof ValidationError))
      throw new Error(`not a ValidationError: ${String(error)}`, { cause: error });
    const [head = '', ...lines] = error.message.split('\n');
    if (JSON_ERROR.test(head) && lines.length === 0) return 'refused';
    if (!HEAD.test(head)) throw new Error(`unexpected first line: ${head}`);
    if (lines.length === 0 || lines.length > 21) throw new Error(`${lines.length} problem lines`);
    for (const line of lines) {
      if (!line.startsWith(`${SOURCE}: `)) throw new Error(`a line not naming the file: ${line}`);
      if (/\s+at \S+ \(/.test(line)) throw new Error(`a stack in: ${line}`);
    }
    return 'refused';
  }
}

describe('the import reader under 10,000 corrupted files', () => {
  let base: Json;
  beforeAll(async () => {
    base = (await validBackupJson()) as Json;
  });

  it('accepts the valid export it starts from', () => {
    expect(outcomeOf(JSON.stringify(base))).toBe('accepted');
  });

  it('gives a clean parse or a one-line-per-problem ValidationError, every time', () => {
    const tally = new Map<string, { accepted: number; refused: number }>();
    fc.assert(
      fc.property(corruptedFile(base), ({ classes, text }) => {
        const outcome = outcomeOf(text);
        for (const name of new Set(classes)) {
          const row = tally.get(name) ?? { accepted: 0, refused: 0 };
          row[outcome]++;
          tally.set(name, row);
        }
        // A "__proto__" key in a file stays data: it never reaches Object.prototype.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: 20260312, numRuns: RUNS },
    );
    const rows = [...tally].sort(([a], [b]) => a.localeCompare(b));
    console.log(rows.map(([name, r]) => `${name}: ${r.refused} refused, ${r.accepted} accepted`).join('\n'));
    // Every class was tried; most corruptions are caught (an accepted one changed free text).
    expect(rows.map(([name]) => name)).toHaveLength(11);
    expect(rows.reduce((sum, [, r]) => sum + r.refused, 0)).toBeGreaterThan(RUNS / 2);
  });
});
