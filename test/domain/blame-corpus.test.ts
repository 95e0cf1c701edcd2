// Precision and recall of the blame guard on a labelled corpus of incident-room lines
// (blame-corpus.txt, blame-heldout.txt, blame-round2*.txt, blame-blind1.txt, blame-round3.txt), spoken in an incident on the example world's main site.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDirectoryFile } from '../../src/directory/directory-file.ts';
import { decideBlameCheck } from '../../src/domain/blame-guard.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { record } from '../../src/domain/evolve.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideOpen } from '../../src/domain/open-incident.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import { T0 } from '../support/world.ts';

interface Line {
  deflects: boolean;
  speaker: string;
  text: string;
}

function readCorpus(file: string): Line[] {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n');
  return lines
    .filter((l) => /^[+-] /.test(l))
    .map((l) => {
      const match = /^([+-]) ([a-z-]+): (.+)$/.exec(l);
      if (!match) throw new Error(`Bad corpus line: ${l}`);
      return { deflects: match[1] === '+', speaker: match[2]!, text: match[3]! };
    });
}

/** INC-1 on wanderlust-web, where Dana, Sam and Jonas each own a step. */
function incidentWithOwners(directory: Directory): Incident {
  const ctx = (actorId: string) => ({ directory, actorId, now: T0 });
  const opened = decideOpen(ctx('maria'), {
    number: 1,
    siteId: 'wanderlust-web',
    title: 'down',
    severity: 'sev1',
  });
  let incident = record(null, 1, opened).incident;
  for (const owner of ['dana', 'sam', 'jonas'])
    incident = record(
      incident,
      1,
      decideAddStep(ctx(owner), incident, { title: `${owner}'s step` }),
    ).incident;
  return incident;
}

function measure(name: string, lines: Line[], directory: Directory) {
  const incident = incidentWithOwners(directory);
  const verdicts = lines.map((line) => ({
    line,
    flagged:
      decideBlameCheck({ directory, actorId: line.speaker, now: T0 }, incident, line.text).events.length > 0,
  }));
  const tp = verdicts.filter((v) => v.flagged && v.line.deflects).length;
  const fp = verdicts.filter((v) => v.flagged && !v.line.deflects).length;
  const positives = lines.filter((l) => l.deflects).length;
  const negatives = lines.length - positives;
  const result = { precision: tp / (tp + fp), recall: tp / positives, fpRate: fp / negatives };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `blame guard on ${name} (${positives} deflecting, ${negatives} not): precision ${pct(result.precision)}, ` +
      `recall ${pct(result.recall)}, false positives ${pct(result.fpRate)} (${fp})`,
  );
  const wrong = verdicts.filter((v) => v.flagged !== v.line.deflects);
  return {
    ...result,
    wrong: wrong.map((v) => `${v.line.deflects ? 'missed' : 'false alarm'}: ${v.line.text}`),
  };
}

// The corpus is six files: the first-round lines, the batch that was held out in the
// first round (71.9% recall then; training data since), the second-round lines written
// before the second round's shapes, a check batch written after them (65% recall on
// first measurement), the first blind set (73.3% recall blind after round 2) and the
// third-round lines written before the third round's shapes; all training data now.
// Each is printed; the gate is on all of them together, and no file may pass 3% false
// positives on its own.
const FILES = [
  ['the first-round corpus', './blame-corpus.txt'],
  ['the former held-out batch', './blame-heldout.txt'],
  ['the second-round lines', './blame-round2.txt'],
  ['the second-round check batch', './blame-round2-check.txt'],
  ['the first blind set (training from round 3 on)', './blame-blind1.txt'],
  ['the third-round lines', './blame-round3.txt'],
] as const;

describe('blame guard on the labelled corpus', () => {
  it('hears at least 90% of deflections and flags at most 3% of other lines', async () => {
    const directory = await loadDirectoryFile('examples/directory.yaml');
    const sets = FILES.map(([name, file]) => ({ name, lines: readCorpus(file) }));
    const corpus = sets.flatMap((s) => s.lines);
    expect(corpus.length).toBeGreaterThanOrEqual(730);
    for (const set of sets) {
      const result = measure(set.name, set.lines, directory);
      expect(result.fpRate, `${set.name}:\n${result.wrong.join('\n')}`).toBeLessThanOrEqual(0.03);
    }
    const result = measure('the whole corpus', corpus, directory);
    expect(result.recall, result.wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(result.fpRate, result.wrong.join('\n')).toBeLessThanOrEqual(0.03);
  });
});

describe('blame guard on the frozen blind set', () => {
  // Never tuned to (blame-blind-frozen.txt says why). The bounds are a regression floor at
  // what it measured when it arrived (recall 85.0%, 2 false alarms in 60), not the target:
  // the target is the corpus's 90% / 3%, which this set shows the guard does not yet reach
  // on wording it has never met.
  it('prints its precision and recall, and does not fall below where it stood', async () => {
    const directory = await loadDirectoryFile('examples/directory.yaml');
    const result = measure('the frozen blind set', readCorpus('./blame-blind-frozen.txt'), directory);
    expect(result.recall, result.wrong.join('\n')).toBeGreaterThanOrEqual(0.85);
    expect(result.fpRate, result.wrong.join('\n')).toBeLessThanOrEqual(2 / 60);
  });
});
