// Corrupted backup files for the import fuzz tests: a valid export, broken in one of the ways
// a hand edit, a bad merge, a truncated copy or a hostile author would break it. Each
// corruption has a class name, so the test can report what was tried and what came of it.

import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = Json[] | { [key: string]: Json };
type Path = (string | number)[];

export interface Corrupted {
  /** The corruption classes applied, in order, e.g. ["delete", "swap-reference"]. */
  classes: string[];
  /** The file's text. */
  text: string;
}

/** Every path in the document with its value, parents before children. */
function nodesOf(value: Json, path: Path = [], out: [Path, Json][] = []): [Path, Json][] {
  out.push([path, value]);
  if (Array.isArray(value)) value.forEach((v, i) => nodesOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) nodesOf(v, [...path, k], out);
  return out;
}
const pathsOf = (value: Json): Path[] => nodesOf(value).map(([p]) => p);

const get = (doc: Json, path: Path): Json =>
  path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, doc);

function set(doc: Json, path: Path, value: Json | undefined): void {
  const parent = get(doc, path.slice(0, -1)) as Node;
  const key = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else (parent as Record<string | number, Json>)[key] = value;
}

const where = (doc: Json, test: (v: Json) => boolean) =>
  nodesOf(doc).flatMap(([p, v]) => (p.length > 0 && test(v) ? [p] : []));
const strings = (doc: Json) => where(doc, (v) => typeof v === 'string');
const numbers = (doc: Json) => where(doc, (v) => typeof v === 'number');
const arrays = (doc: Json) => where(doc, (v) => Array.isArray(v) && v.length > 0);
const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

const HOSTILE: Json[] = [
  null,
  true,
  0,
  -1,
  0.5,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  '',
  ' ',
  'ghost',
  '1',
  '2026-13-45T99:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '__proto__',
  'x'.repeat(10_000),
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"polluted": true}}') as Json,
  { number: 1 },
];
const CONTROLS = [
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\u001b]0;pwned\u0007',
  '\u007f',
  '\u0085',
  '\ud800',
  '\r',
  '\u2028',
];

/** One corruption: a class name and what it does to a parsed document (in place). */
type Mutation = [string, (doc: Json, n: number, m: number) => void];

const MUTATIONS: Mutation[] = [
  [
    'delete-field',
    (d, n) => {
      const p = pick(pathsOf(d).slice(1), n);
      if (p) set(d, p, undefined);
    },
  ],
  [
    'null-field',
    (d, n) => {
      const p = pick(pathsOf(d).slice(1), n);
      if (p) set(d, p, null);
    },
  ],
  [
    'retype-field',
    (d, n, m) => {
      const p = pick(pathsOf(d).slice(1), n);
      if (p) set(d, p, structuredClone(HOSTILE[m % HOSTILE.length]!));
    },
  ],
  [
    'duplicate-entry',
    (d, n, m) => {
      const p = pick(arrays(d), n);
      if (!p) return;
      const list = get(d, p) as Json[];
      list.splice(m % (list.length + 1), 0, structuredClone(list[m % list.length]!));
    },
  ],
  [
    'swap-reference',
    (d, n, m) => {
      // An id-like string replaced by another string of the file: a real id in the wrong place.
      const all = strings(d).filter(
        (p) => typeof p.at(-1) === 'string' && /Id$|^id$|^key$/.test(String(p.at(-1))),
      );
      const from = pick(all, n);
      const to = pick(strings(d), m);
      if (from && to) set(d, from, get(d, to));
    },
  ],
  [
    'shuffle-timeline',
    (d, n) => {
      const list = (d as { timeline?: Json[] }).timeline;
      if (!Array.isArray(list) || list.length < 2) return;
      const i = n % list.length;
      const j = (n * 7 + 3) % list.length;
      [list[i], list[j]] = [list[j]!, list[i]!];
    },
  ],
  [
    'change-seq',
    (d, n, m) => {
      const list = (d as { timeline?: { seq?: Json }[] }).timeline;
      const e = Array.isArray(list) ? pick(list, n) : undefined;
      if (e && typeof e === 'object') e.seq = [0, -1, 1, 2, 99, 1.5, 2 ** 31][m % 7]!;
    },
  ],
  [
    'inject-control',
    (d, n, m) => {
      const p = pick(strings(d), n);
      if (!p) return;
      const s = get(d, p) as string;
      const at = m % (s.length + 1);
      set(d, p, s.slice(0, at) + CONTROLS[m % CONTROLS.length]! + s.slice(at));
    },
  ],
  [
    'huge-number',
    (d, n, m) => {
      const p = pick(numbers(d), n);
      if (p) set(d, p, [2 ** 31, 1e308, -1e308, Number.MAX_SAFE_INTEGER * 4, 1e-320][m % 5]!);
    },
  ],
  [
    'change-number',
    (d, n, m) => {
      const p = pick(numbers(d), n);
      if (p) set(d, p, (get(d, p) as number) + (m % 2 ? 1 : -1));
    },
  ],
];

/** A corrupted file, from 1 to 3 corruptions of `base`, maybe truncated. */
export function corruptedFile(base: Json): fc.Arbitrary<Corrupted> {
  const step = fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(100_000), fc.nat(100_000));
  return fc
    .record({
      steps: fc.array(step, { minLength: 1, maxLength: 3 }),
      // One file in eight is also cut short, as a copy interrupted halfway would be.
      cut: fc.tuple(fc.nat(7), fc.nat()).map(([one, at]) => (one === 0 ? at : null)),
    })
    .map(({ steps, cut }) => {
      const doc = structuredClone(base);
      const classes = steps.map(([which, n, m]) => {
        const [name, mutate] = MUTATIONS[which]!;
        mutate(doc, n, m);
        return name;
      });
      let text = JSON.stringify(doc, null, 1);
      if (cut !== null) {
        text = text.slice(0, cut % text.length);
        classes.push('truncate');
      }
      return { classes, text };
    });
}

export type { Json };
