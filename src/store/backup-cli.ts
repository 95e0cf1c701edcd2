// `handoff export [file]`, `handoff import <file> [--replace]` and `handoff directory
// import <file.yaml>` (issue 7, design §1.4): one command each to save and restore all
// data. Built on src/store/backup.ts; this file only adds arguments and progress output.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { loadDirectoryFile } from '../directory/directory-file.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import { backupFileName, exportAll, importAll, readBackupFile, writeBackupFile } from './backup.ts';
import { openDatabase } from './database.ts';
import { createPrismaStore } from './prisma-store.ts';
import type { Store } from '../app/ports.ts';

export interface BackupCliOutput {
  /** One finished line. */
  line(text: string): void;
  /** A line that the next progress or line replaces, on a terminal; skipped elsewhere. */
  progress?(text: string): void;
}

/** A restore runs in one transaction: give it minutes, not Prisma's default seconds. */
const LONG_TRANSACTION_MS = 30 * 60_000;

async function withStore<T>(
  config: Pick<Config, 'database'>,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(config.database);
  const store = createPrismaStore(db, { maxWaitMs: 60_000, timeoutMs: LONG_TRANSACTION_MS });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const PLURALS: Record<string, string> = { person: 'people' };
const count = (n: number, what: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? what : (PLURALS[what] ?? `${what}s`)}`;

/** What the commands read from the config: the database, and where an unnamed export goes. */
export type BackupCliConfig = Pick<Config, 'database'> & { timers?: Pick<Config['timers'], 'backup'> };

/**
 * An export without a file name goes beside the scheduled backups (in the data folder), never
 * into the current folder: run in a clone, that left an untracked file in the repository.
 * Named handoff-export-…, so the rotation of scheduled backups never deletes it.
 */
function defaultExportFile(config: BackupCliConfig): string {
  if (!config.timers) throw new ValidationError('Usage: handoff export <file>');
  return path.join(config.timers.backup.dir, backupFileName(new Date(), 'handoff-export'));
}

async function exportCommand(args: string[], config: BackupCliConfig, out: BackupCliOutput) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new ValidationError('Usage: handoff export [file]');
  const file = positionals[0] ?? defaultExportFile(config);
  out.line('Reading everything in one transaction…');
  const doc = await withStore(config, (store) => exportAll(store));
  out.line(
    `Read ${count(doc.incidents.length, 'incident')}, ${count(doc.timeline.length, 'timeline event')}, ${count(doc.directory.people.length, 'person')}, ${count(doc.directory.sites.length, 'site')}.`,
  );
  out.progress?.(`Writing ${file}…`);
  await writeBackupFile(doc, file);
  const size = (await stat(file)).size;
  out.line(`Wrote ${file} (${(size / 1024).toFixed(1)} KiB). Restore it with: handoff import ${file}`);
}

async function importCommand(args: string[], config: Pick<Config, 'database'>, out: BackupCliOutput) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ValidationError('Usage: handoff import <file> [--replace]');
  out.line(`Checking ${file}…`);
  const doc = await readBackupFile(file);
  out.line(
    `${file}: ${count(doc.incidents.length, 'incident')}, ${count(doc.timeline.length, 'timeline event')}, exported ${doc.exportedAt.toISOString()}.`,
  );
  let shown = -1;
  const restore = withStore(config, (store) =>
    importAll(store, doc, {
      replace: values.replace,
      onProgress: ({ phase, done, total }) => {
        // Whole percents only, so a large restore prints a bounded number of lines.
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        if (phase === 'incidents' && percent === shown && done !== total) return;
        shown = phase === 'incidents' ? percent : -1;
        const text = `Restoring ${phase}: ${done}/${total} (${percent}%)`;
        if (out.progress) out.progress(text);
        else if (done === total) out.line(text);
      },
    }),
  );
  await restore.catch((error: unknown) => {
    // The store says how to replace in API terms; say it in the command's terms.
    if (error instanceof ConflictError && /not empty/.test(error.message)) {
      throw new ConflictError(
        `The database is not empty, so ${file} was not restored and nothing was changed. Restore into an empty database, or add --replace to wipe this one first (keep what is there with "handoff export" before).`,
        { cause: error },
      );
    }
    throw error;
  });
  out.line(
    `Restored ${file}${values.replace ? ', replacing what was there' : ''}. Everything commits together, or nothing does.`,
  );
}

async function directoryImport(args: string[], config: Pick<Config, 'database'>, out: BackupCliOutput) {
  const [sub, file, ...extra] = args;
  if (sub !== 'import' || !file || extra.length) {
    throw new ValidationError('Usage: handoff directory import <file.yaml>');
  }
  const directory = await loadDirectoryFile(file);
  await withStore(config, (store) => store.transaction((tx) => tx.upsertDirectory(directory)));
  out.line(
    `Imported ${file}: ${count(directory.organisations.length, 'organisation')}, ${count(directory.people.length, 'person')}, ${count(directory.sites.length, 'site')}. Entries not in the file are kept: past timelines name them.`,
  );
}

/** Runs `export`, `import` or `directory …`; throws HandoffError for the CLI to print. */
export async function runBackupCommand(
  command: 'export' | 'import' | 'directory',
  args: string[],
  config: BackupCliConfig,
  out: BackupCliOutput,
): Promise<number> {
  if (command === 'export') await exportCommand(args, config, out);
  else if (command === 'import') await importCommand(args, config, out);
  else await directoryImport(args, config, out);
  return 0;
}

/** Progress on a terminal rewrites one line; piped output gets finished lines only. */
export function terminalOutput(stream: NodeJS.WriteStream = process.stdout): BackupCliOutput {
  let pending = false;
  const clear = () => {
    if (pending) stream.write('\r\x1b[2K');
    pending = false;
  };
  return {
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    ...(stream.isTTY
      ? {
          progress(text: string) {
            clear();
            stream.write(text);
            pending = true;
          },
        }
      : {}),
  };
}
