// Reads the directory file (YAML) into a Directory, or explains everything wrong with it
// in one go: whoever edits the file should fix it in one pass, not one error per reload.
// Each problem names the file, the entry and the field, in the file's own words.

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import { visibleControlCharacters } from '../domain/control-characters.ts';
import type { Directory, Organisation, Person, Site } from '../domain/directory.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  checkCrossReferences,
  type CheckInput,
  type Parsed,
  type Problem,
  type Section,
} from './directory-checks.ts';
import {
  DirectoryRoot,
  OrganisationEntry,
  PersonEntry,
  SiteEntry,
  describeValue,
  friendlyErrors,
} from './directory-schema.ts';

export { directoryToYaml } from './directory-yaml.ts';

const SECTIONS: readonly Section[] = ['organisations', 'people', 'sites'];

/** Reads and validates the directory file at `path`; throws a readable error at boot. */
export async function loadDirectoryFile(path: string): Promise<Directory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        `The directory file ${path} does not exist. Copy examples/directory.yaml there and edit it.`,
        { cause: error },
      );
    }
    throw new ValidationError(`Cannot read the directory file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseDirectory(text, path);
}

/** Parses directory YAML; `fileName` only labels the messages. Throws ValidationError. */
export function parseDirectory(text: string, fileName: string): Directory {
  const root = readYaml(text, fileName);
  const { problems, zodIssues, input, valid } = validate(root);
  problems.push(...checkCrossReferences(input));
  if (problems.length > 0) {
    const cause = zodIssues.length > 0 ? new z.ZodError(zodIssues) : undefined;
    throw new ValidationError(describeProblems(problems, input.rawIds, fileName), { cause });
  }
  return toDirectory(valid);
}

function readYaml(text: string, fileName: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((error) => describeYamlError(error, lineCounter, fileName));
    const cause =
      doc.errors.length === 1 ? doc.errors[0] : new AggregateError(doc.errors, 'YAML syntax errors');
    throw new ValidationError(withHeader(lines, fileName, 'is not valid YAML'), { cause });
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ValidationError(`${fileName}: ${(error as Error).message}`, { cause: error });
  }
}

function describeYamlError(error: YAMLError, lineCounter: LineCounter, fileName: string): string {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return `${fileName}: line ${line}, column ${col}: ${error.message}`;
}

interface Validated {
  problems: Problem[];
  zodIssues: z.core.$ZodIssue[];
  input: CheckInput;
  valid: { organisations: OrganisationEntry[]; people: PersonEntry[]; sites: SiteEntry[] };
}

// Entries are parsed one by one so that one broken entry neither hides the problems of
// the others nor keeps its own valid fields out of the cross-reference checks.
function validate(root: unknown): Validated {
  const result: Validated = {
    problems: [],
    zodIssues: [],
    input: { rawIds: { organisations: [], people: [], sites: [] }, organisations: [], people: [], sites: [] },
    valid: { organisations: [], people: [], sites: [] },
  };
  if (root === null || root === undefined) {
    result.problems.push({ message: 'the file is empty; it should list organisations, people and sites' });
    return result;
  }
  const rootCheck = DirectoryRoot.safeParse(root, { error: friendlyErrors });
  for (const issue of rootCheck.error?.issues ?? []) {
    result.zodIssues.push(issue);
    result.problems.push(rootProblem(issue));
  }
  const { input, valid } = result;
  [input.organisations, valid.organisations] = parseSection(root, 'organisations', OrganisationEntry, result);
  [input.people, valid.people] = parseSection(root, 'people', PersonEntry, result);
  [input.sites, valid.sites] = parseSection(root, 'sites', SiteEntry, result);
  return result;
}

/** Every entry with its valid fields (for the checks), and the entries that are wholly valid. */
function parseSection<S extends z.ZodObject>(
  root: unknown,
  section: Section,
  schema: S,
  result: Validated,
): [Parsed<Partial<z.output<S>>>[], z.output<S>[]] {
  const value = isRecord(root) ? root[section] : undefined;
  const entries = Array.isArray(value) ? (value as unknown[]) : [];
  result.input.rawIds[section] = entries.map((entry) =>
    isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined,
  );
  const partial: Parsed<Partial<z.output<S>>>[] = [];
  const valid: z.output<S>[] = [];
  entries.forEach((entry, index) => {
    const outcome = schema.safeParse(entry, { error: friendlyErrors });
    if (outcome.success) {
      valid.push(outcome.data);
      partial.push({ index, entry: outcome.data });
      return;
    }
    partial.push({ index, entry: validFields(schema, entry) });
    for (const issue of outcome.error.issues) {
      result.zodIssues.push({ ...issue, path: [section, index, ...issue.path] });
      result.problems.push({
        at: { section, index },
        field: fieldPath(issue.path),
        message: entryMessage(issue, entry),
      });
    }
  });
  return [partial, valid];
}

function validFields<S extends z.ZodObject>(schema: S, entry: unknown): Partial<z.output<S>> {
  if (!isRecord(entry)) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const outcome = fieldSchema.safeParse(entry[key]);
    if (outcome.success && outcome.data !== undefined) fields[key] = outcome.data;
  }
  return fields as Partial<z.output<S>>;
}

function rootProblem(issue: z.core.$ZodIssue): Problem {
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return { message: `the top level ${issue.message}; it should list organisations, people and sites` };
  }
  return { field: fieldPath(issue.path), message: issue.message };
}

// An entry that is not a mapping at all (`- dana`) gets a message that says so plainly.
function entryMessage(issue: z.core.$ZodIssue, entry: unknown): string {
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return `each entry must be a mapping of fields such as id and name (found ${describeValue(entry)})`;
  }
  return issue.message;
}

/** `sla.credit_tiers[2].credit`: the path as someone reading the YAML would write it. */
function fieldPath(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc === '' ? String(key) : `${acc}.${String(key)}`;
  }, '');
}

function describeProblems(problems: Problem[], rawIds: CheckInput['rawIds'], fileName: string): string {
  const order = (p: Problem): number => (p.at ? (SECTIONS.indexOf(p.at.section) + 1) * 1e6 + p.at.index : 0);
  const lines = [...problems]
    .sort((a, b) => order(a) - order(b))
    .map((problem) => describeProblem(problem, rawIds, fileName));
  // Ids and values are quoted from the file; an escape sequence among them is shown, not obeyed.
  return visibleControlCharacters(withHeader(lines, fileName, 'has problems; the directory was not loaded'));
}

function describeProblem(problem: Problem, rawIds: CheckInput['rawIds'], fileName: string): string {
  const parts = [fileName];
  if (problem.at) {
    const { section, index } = problem.at;
    const id = rawIds[section][index];
    parts.push(id === undefined ? `${section}[${index}]` : `${section}[${index}] (id "${id}")`);
  }
  if (problem.field) parts.push(`field "${problem.field}"`);
  parts.push(problem.message);
  return parts.join(': ');
}

// One problem reads as one sentence; several get a count first so none is overlooked.
function withHeader(lines: string[], fileName: string, what: string): string {
  if (lines.length === 1) return lines[0] ?? '';
  return [`${fileName} ${what} (${lines.length}):`, ...lines].join('\n');
}

function toDirectory(valid: Validated['valid']): Directory {
  return {
    organisations: valid.organisations.map((entry): Organisation => ({ ...entry })),
    people: valid.people.map(toPerson),
    sites: valid.sites.map(toSite),
  };
}

function toPerson(entry: PersonEntry): Person {
  const handles: Person['handles'] = {};
  if (entry.slack !== undefined) handles.slack = entry.slack;
  if (entry.discord !== undefined) handles.discord = entry.discord;
  const person: Person = { id: entry.id, name: entry.name, organisationId: entry.organisation, handles };
  if (entry.email !== undefined) person.email = entry.email;
  if (entry.notify !== undefined) person.notify = entry.notify;
  return person;
}

function toSite(entry: SiteEntry): Site {
  const site: Site = {
    id: entry.id,
    name: entry.name,
    clientId: entry.client,
    itContactId: entry.it_contact,
    vendorContactIds: [...entry.vendor_contacts],
    sla: {
      monthlyFeeCents: Math.round(entry.sla.monthly_fee * 100),
      uptimeTarget: entry.sla.uptime_target,
      // One order whatever the file's: mildest (highest threshold) first, so the tier
      // that applies is the last one whose threshold the uptime falls below.
      creditTiers: entry.sla.credit_tiers
        .map((tier) => ({ belowPercent: tier.below, creditPercent: tier.credit }))
        .sort((a, b) => b.belowPercent - a.belowPercent),
    },
  };
  if (entry.runbook !== undefined) site.runbook = entry.runbook;
  if (entry.fallback !== undefined) site.fallback = entry.fallback;
  return site;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
