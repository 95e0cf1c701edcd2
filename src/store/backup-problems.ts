// How an import refusal reads: one line per problem, each naming the file, the entry and the
// field in the file's own terms (`backup.json: incidents[0] (INC-1): participants[3]: …`),
// so a person can find it in an editor. Labels are read from the raw document, which may
// be broken in any way, so every lookup here is defensive.

import { ValidationError } from '../domain/errors.ts';

export type Path = (string | number)[];

/** One thing wrong with the document: where (a path into it) and what, in words. */
export interface Problem {
  path: Path;
  message: string;
}

/** How many problems a refusal lists before "…and N more". */
export const MAX_LISTED = 20;

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? quoteless(String(value)) : undefined;

// Labels come from the file: shown without control characters and never longer than a glance.
function quoteless(value: string): string {
  const visible = JSON.stringify(value).slice(1, -1);
  return visible.length > 40 ? `${visible.slice(0, 39)}…` : visible;
}

/** A value from the file, quoted and shortened: `"ghost"`, `3`, `none`. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'an invalid date' : `"${value.toISOString()}"`;
  if (typeof value === 'string') return `"${quoteless(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

// What an entry is called next to its index: `(INC-1)`, `(INC-1 #4 step.added)`, `(dana)`.
function entryLabel(section: string, entry: unknown): string {
  const e = record(entry);
  if (!e) return '';
  const label =
    section === 'incidents' && text(e.number) !== undefined
      ? `INC-${text(e.number)}`
      : section === 'timeline' && text(e.incidentNumber) !== undefined
        ? `INC-${text(e.incidentNumber)} #${text(e.seq) ?? '?'} ${text(e.type) ?? ''}`.trim()
        : section === 'deadlines'
          ? text(e.key)
          : section.startsWith('directory.')
            ? text(e.id)
            : undefined;
  return label ? ` (${label})` : '';
}

// Elements of an incident's lists are named by what identifies them in the file.
function itemLabel(list: string | number | undefined, item: unknown): string {
  const e = record(item);
  if (!e) return '';
  if (list === 'steps' && text(e.number) !== undefined) return ` (step ${text(e.number)})`;
  if (list === 'handoffs' && text(e.number) !== undefined) return ` (handoff ${text(e.number)})`;
  if (list === 'participants' && text(e.personId) !== undefined) return ` (${text(e.personId)})`;
  return '';
}

/** `incidents[0] (INC-1): steps[0] (step 1).ownerId` for a path into `doc`. */
export function describePath(doc: unknown, path: Path): string {
  const directory = path[0] === 'directory' && typeof path[2] === 'number';
  const section = directory ? `directory.${String(path[1])}` : String(path[0] ?? '');
  const indexAt = directory ? 2 : 1;
  const index = path[indexAt];
  if (typeof index !== 'number') return path.map(String).join('.') || 'the document';
  let node: unknown = directory ? record(record(doc)?.directory)?.[String(path[1])] : record(doc)?.[section];
  node = Array.isArray(node) ? node[index] : undefined;
  const entry = `${section}[${index}]${entryLabel(section, node)}`;
  let field = '';
  let labelled = false; // after `steps[0] (step 1)` a colon reads better than a dot
  for (const [i, step] of path.slice(indexAt + 1).entries()) {
    const parent = node;
    node = Array.isArray(parent) ? parent[step as number] : record(parent)?.[String(step)];
    if (typeof step === 'number') {
      const label = itemLabel(path[indexAt + i], node);
      field += `[${step}]${label}`;
      labelled = label !== '';
    } else {
      field += `${field ? (labelled ? ': ' : '.') : ''}${quoteless(step)}`;
      labelled = false;
    }
  }
  return field ? `${entry}: ${field}` : entry;
}

/** One line for a problem: `backup.json: incidents[0] (INC-1): title: contains …`. */
export function problemLine(source: string, doc: unknown, problem: Problem): string {
  const message = problem.message.replace(/\s*\n\s*/g, ' ');
  return `${source}: ${problem.path.length ? `${describePath(doc, problem.path)}: ` : ''}${message}`;
}

/** The refusal: a count, then one line per problem (at most MAX_LISTED), nothing written. */
export function refusal(source: string, doc: unknown, problems: Problem[], cause?: unknown): ValidationError {
  const n = problems.length;
  const lines = problems.slice(0, MAX_LISTED).map((p) => problemLine(source, doc, p));
  if (n > MAX_LISTED) lines.push(`${source}: …and ${n - MAX_LISTED} more.`);
  const head = `${source} was not imported, and nothing was written: ${n === 1 ? '1 problem' : `${n} problems`}.`;
  return new ValidationError([head, ...lines].join('\n'), { cause });
}
