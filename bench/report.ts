// One table for `npm run bench`: every figure beside the baseline it was measured against
// in the same run, their ratio, and the target where there is one. Also written
// to bench/results.json, so a change's before/after can be compared line by line.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  /** What was measured, e.g. "ack p99 at 200 req/s, slash command, PGlite". */
  name: string;
  value: number;
  unit: string;
  /** The same measurement on the baseline (bare Bolt, a bare transaction, `node -e` …). */
  baseline?: { name: string; value: number };
  /** e.g. "ratio ≤ 1.5" or "≤ 150 MB": printed as given, checked by `met`. */
  target?: string;
  /** Whether the figure meets its target; undefined when there is none. */
  met?: boolean;
}

export class Report {
  readonly figures: Array<Figure & { bench: string }> = [];
  private bench = '';

  /** The bench whose figures follow. */
  section(name: string): void {
    this.bench = name;
  }

  add(figure: Figure): void {
    this.figures.push({ bench: this.bench, ...figure });
    console.log(`   ${line(figure)}`);
  }

  /** A figure against its baseline, with a target on the ratio (`max` or `min`). */
  ratio(
    figure: Omit<Figure, 'target' | 'met'> & { baseline: { name: string; value: number } },
    target?: { max?: number; min?: number },
  ): void {
    const r = ratioOf(figure.value, figure.baseline.value);
    const text =
      target?.max !== undefined
        ? `ratio ≤ ${target.max}`
        : target?.min !== undefined
          ? `ratio ≥ ${target.min}`
          : undefined;
    const met =
      target === undefined
        ? undefined
        : (target.max === undefined || r <= target.max) && (target.min === undefined || r >= target.min);
    this.add({ ...figure, ...(text ? { target: text, met } : {}) });
  }

  /** A figure with an absolute target (`max` or `min` in the figure's unit). */
  absolute(figure: Omit<Figure, 'target' | 'met'>, target: { max?: number; min?: number }): void {
    // A count has no unit: "≤ 0", not "≤ 0 " (the table's cell would read "≤ 0  ✓").
    const text = (
      target.max !== undefined ? `≤ ${target.max} ${figure.unit}` : `≥ ${target.min} ${figure.unit}`
    ).trimEnd();
    const met =
      (target.max === undefined || figure.value <= target.max) &&
      (target.min === undefined || figure.value >= target.min);
    this.add({ ...figure, target: text, met });
  }

  table(): string {
    const rows = this.figures.map((f) => [
      f.bench,
      f.name,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.name})` : '–',
      f.baseline ? ratioText(f.value, f.baseline.value) : '–',
      f.target ? `${f.target} ${f.met ? '✓' : '✗'}` : '–',
    ]);
    const head = ['bench', 'figure', 'value', 'baseline (same run)', 'ratio', 'target'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    return [row(head), row(widths.map((w) => '-'.repeat(w))), ...rows.map(row)].join('\n');
  }

  write(file = path.join(import.meta.dirname, 'results.json')): void {
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    };
    const json = { ranAt: new Date().toISOString(), machine, figures: this.figures };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
}

function ratioOf(value: number, baseline: number): number {
  return baseline === 0 ? Number.POSITIVE_INFINITY : value / baseline;
}

/** "1.25×"; "–" against a baseline of 0 (a delay under the clock's 1 ms), which has no ratio. */
function ratioText(value: number, baseline: number): string {
  const r = ratioOf(value, baseline);
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-GB');
  return x.toFixed(Math.abs(x) >= 10 ? 1 : 2);
}

function line(f: Figure): string {
  const base = f.baseline
    ? ` · ${f.baseline.name} ${fmt(f.baseline.value)} ${f.unit} · ${ratioText(f.value, f.baseline.value)}`
    : '';
  const target = f.target ? ` · target ${f.target} ${f.met ? '✓' : '✗'}` : '';
  return `${f.name}: ${fmt(f.value)} ${f.unit}${base}${target}`;
}

/** The value at percentile p (0–100) of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
