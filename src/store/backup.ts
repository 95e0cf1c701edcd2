// Export and restore of all data as one versioned JSON document (design §1.4: "durable,
// exportable and restorable with one command each"). The scheduled backup, and the
// `handoff export` / `handoff import` commands, are built on these functions:
//
//   const doc = await exportAll(store);            // one transaction; timelines match their incidents
//   await writeBackupFile(doc, 'backup.json');      // atomic: a crash never leaves half a file
//   const back = await readBackupFile('backup.json'); // validated, Dates restored
//   await importAll(otherStore, back);               // into an empty database (or { replace: true })

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BackupWriter, ProcessedKey, Store, StoredDeadline, StoreTx } from '../app/ports.ts';
import type { Directory } from '../domain/directory.ts';
import { ConflictError, HandoffError, ValidationError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident-types.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import { checkReferences } from './backup-checks.ts';
import { refusal, type Path, type Problem } from './backup-problems.ts';
import { checkTimelines } from './backup-replay.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, backupSchema, controlCharacterIssues } from './backup-schema.ts';

export { BACKUP_FORMAT, BACKUP_VERSION };

/** Everything Handoff stores. In a file, Dates are ISO strings. */
export interface BackupDocument {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: Date;
  directory: Directory;
  /** The projections, oldest incident first. */
  incidents: Incident[];
  /** Every incident's timeline: by incident number, then sequence. */
  timeline: TimelineEvent[];
  deadlines: StoredDeadline[];
  processedKeys: ProcessedKey[];
}

/** Progress for long imports: `done` of `total` items of a phase. */
export type BackupProgress = (p: {
  phase: 'directory' | 'incidents' | 'deadlines' | 'keys';
  done: number;
  total: number;
}) => void;

/** Reads everything in one transaction. `now` stamps `exportedAt` (default: the current time). */
export async function exportAll(store: Store, now: Date = new Date()): Promise<BackupDocument> {
  return store.transaction(async (tx) => {
    const directory = await tx.loadDirectory();
    const incidents = (await tx.listIncidents({})).reverse();
    const timeline: TimelineEvent[] = [];
    for (const incident of incidents) {
      // Up to the projection's version: the two always describe the same moment.
      const events = await tx.timeline(incident.number);
      timeline.push(...events.filter((e) => e.seq <= incident.version));
    }
    const deadlines = await tx.listDeadlines({});
    const processedKeys = await tx.listProcessedKeys();
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now,
      directory,
      incidents,
      timeline,
      deadlines,
      processedKeys,
    };
  });
}

/**
 * Checks a parsed JSON value (or an in-memory document) and returns it with Dates: its shape
 * and text first, then, on a well-formed document, duplicates, references and each incident
 * against its own timeline. Throws one ValidationError listing every problem found.
 */
export function parseBackup(value: unknown, source = 'the backup'): BackupDocument {
  const result = backupSchema.safeParse(value);
  const problems: Problem[] = [
    ...(result.error?.issues ?? []).map((i) => ({ path: i.path as Path, message: i.message })),
    ...controlCharacterIssues(value),
  ];
  // Cross-checks need the shape they check; a broken shape is fixed first.
  if (result.success && problems.length === 0)
    problems.push(...checkReferences(result.data), ...checkTimelines(result.data));
  if (problems.length > 0) throw refusal(source, value, problems, result.error);
  return result.data!;
}

export async function readBackupFile(file: string): Promise<BackupDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`${file} can't be read: ${(error as Error).message}`, { cause: error });
  }
  return parseBackupText(text, file);
}

/** A backup file's text, parsed and checked; `source` names it in every problem. */
export function parseBackupText(text: string, source: string): BackupDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${source} can't be read as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseBackup(value, source);
}

export interface ImportOptions {
  /** Delete everything first; without it a non-empty database is refused. */
  replace?: boolean;
  onProgress?: BackupProgress;
}

/**
 * Restores a document in one transaction: all of it, or (on any error) none of it. The whole
 * document is checked before the transaction starts, so a problem in it never reaches the
 * database; what the database can still refuse is a concurrent writer or a lost connection.
 */
export async function importAll(store: Store, value: unknown, options: ImportOptions = {}): Promise<void> {
  const doc = parseBackup(value);
  const progress = options.onProgress ?? (() => {});
  const events = groupTimeline(doc);
  await store
    .transaction(async (tx) => {
      if (options.replace) await tx.wipe();
      else await refuseNonEmpty(tx);
      await tx.upsertDirectory(doc.directory);
      progress({ phase: 'directory', done: 1, total: 1 });
      for (const [i, incident] of doc.incidents.entries()) {
        await tx.saveIncident(incident, events.get(incident.number) ?? []);
        progress({ phase: 'incidents', done: i + 1, total: doc.incidents.length });
      }
      await tx.saveDeadlines(doc.deadlines);
      progress({ phase: 'deadlines', done: doc.deadlines.length, total: doc.deadlines.length });
      for (const k of doc.processedKeys) await tx.claimKey(k.key, k.processedAt);
      progress({ phase: 'keys', done: doc.processedKeys.length, total: doc.processedKeys.length });
    })
    .catch((error: unknown) => {
      throw importFailure(error);
    });
}

/**
 * The store words its conflicts for a person typing a command ("please try again"); for an
 * import, a conflict after the file was checked means something else writes to the database.
 */
function importFailure(error: unknown): unknown {
  if (error instanceof ConflictError && !error.retryable) return error;
  if (error instanceof HandoffError && !(error instanceof ConflictError)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const what =
    error instanceof ConflictError
      ? 'something else wrote to the database'
      : `the database failed${typeof code === 'string' ? ` (${code})` : ''}`;
  return new HandoffError(
    `Nothing was imported: ${what} during the import. Stop every Handoff process using this database, then import again.`,
    'internal',
    { cause: error },
  );
}

/** Each incident's events in sequence order (parseBackup has checked they belong to one). */
function groupTimeline(doc: BackupDocument): Map<number, TimelineEvent[]> {
  const byIncident = new Map<number, TimelineEvent[]>();
  for (const e of doc.timeline)
    byIncident.set(e.incidentNumber, [...(byIncident.get(e.incidentNumber) ?? []), e]);
  for (const list of byIncident.values()) list.sort((a, b) => a.seq - b.seq);
  return byIncident;
}

async function refuseNonEmpty(tx: StoreTx): Promise<void> {
  const directory = await tx.loadDirectory();
  const has =
    directory.organisations.length > 0 ||
    (await tx.listIncidents({})).length > 0 ||
    (await tx.listDeadlines({ limit: 1 })).length > 0 ||
    (await tx.listProcessedKeys()).length > 0;
  if (has) {
    throw new ConflictError(
      'The database is not empty. Restore into an empty database, or replace everything in it (replace: true).',
    );
  }
}

/**
 * Writes the document atomically: a temp file in the same folder, flushed to disk, then
 * renamed over `file`. A failure removes the temp file, so no partial backup ever exists.
 */
export async function writeBackupFile(doc: BackupDocument, file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(doc, null, 1)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; some platforms can't open a folder, which is fine. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => {});
  } finally {
    await handle.close();
  }
}

/** `handoff-backup-20260301T080000Z.json`: names sort by time. */
export function backupFileName(at: Date, prefix = 'handoff-backup'): string {
  return `${prefix}-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.json`;
}

/** Deletes all but the newest `keep` backups in `dir` (only files named by backupFileName). */
export async function rotateBackups(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => /^handoff-backup-\d{8}T\d{6}Z\.json$/.test(n))
    .sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await rm(path.join(dir, name), { force: true });
  return old;
}

export interface BackupWriterOptions {
  dir: string;
  keep: number;
  everyMs: number;
  /** Stamps `exportedAt`. */
  now?: () => Date;
}

/** The scheduled backup (the BackupWriter port): export, write atomically, rotate. */
export function createBackupWriter(store: Store, options: BackupWriterOptions): BackupWriter {
  const now = options.now ?? (() => new Date());
  return {
    everyMs: options.everyMs,
    async write(at) {
      const file = path.join(options.dir, backupFileName(at));
      await writeBackupFile(await exportAll(store, now()), file);
      await rotateBackups(options.dir, options.keep);
      return file;
    },
  };
}
