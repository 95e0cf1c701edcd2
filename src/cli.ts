// The `handoff` command line: arguments in, one mode of src/main.ts (the composition root)
// called. Boot failures print one readable message and exit 1, never a stack trace.
// main.ts is imported only by the modes that need it: it loads every adapter, the database
// driver and Prisma, which `handoff --help` should not wait for (issue 13).

/** The composition root, loaded on first use. */
const modes = () => import('./main.ts');

import { createReadStream, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, PACKAGE_ROOT, pgliteOnMainThread, type Config } from './config.ts';
import { closestMatch } from './commands/closest.ts';
import { HandoffError, NotFoundError } from './domain/errors.ts';
import { USAGE } from './usage.ts';
import { acquireDataDirLock, DataDirInUseError, shown, type DataDirLock } from './store/data-dir-lock.ts';
import { prewarmPGlite } from './store/pglite-prewarm.ts';
import path from 'node:path';

const COMMANDS = ['serve', 'console', 'db', 'export', 'import', 'directory', 'discord', 'help'];

/** "handoff 0.1.0", from package.json: the one place the version is written. */
function versionLine(): string {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return `handoff ${pkg.version}`;
}

/** One line, with a guess when it is a typo; the usage is one --help away, not printed here. */
function unknownCommand(command: string): string {
  const guess = closestMatch(command, COMMANDS);
  return `Unknown command "${command}"${guess ? ` (did you mean "handoff ${guess}"?)` : ''}: see handoff --help`;
}

/** Relative to where the user is when that is shorter and inside it; absolute otherwise. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

function describeConfig(config: Config): string {
  const db =
    config.database.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `embedded database in ${shortPath(config.dataDir)}`;
  return `${db} · directory ${shortPath(config.directoryFile)}`;
}

async function runConsoleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { script: { type: 'string' }, directory: { type: 'string' }, web: { type: 'boolean' } },
  });
  const config = loadConfig(undefined, { directoryFile: values.directory });
  if (values.script && values.script !== '-') {
    await access(values.script).catch((cause: unknown) => {
      throw new NotFoundError(`The script file ${values.script} can't be read. Check the path.`, { cause });
    });
  }
  const interactive = values.script === undefined && process.stdin.isTTY === true;
  const input = values.script && values.script !== '-' ? createReadStream(values.script) : process.stdin;
  const { runConsoleMode } = await modes();
  return runConsoleMode(config, {
    input,
    interactive,
    web: values.web === true,
    describe: describeConfig(config),
  });
}

/** No command: serve the chat platforms when one is configured, else the terminal chat. */
function defaultCommand(): string {
  const config = loadConfig();
  return config.slack || config.discord ? 'serve' : 'console';
}

/** Commands that run the bot (console or server), and so open the database first thing. */
function opensTheChat(command: string): boolean {
  return command === 'console' || command === 'serve' || command.startsWith('--');
}

/** Commands that open the configured database (`db diff` uses a scratch one). */
function needsDataDir(command: string, rest: string[]): boolean {
  if (command === 'db') return rest[0] === 'migrate';
  return ['console', 'serve', 'export', 'import', 'directory'].includes(command) || command.startsWith('--');
}

/**
 * The embedded database takes one process at a time (issue 12): hold HANDOFF_DATA_DIR for
 * the whole command, and say where its database is. PostgreSQL takes many, so nothing is
 * held there.
 */
async function holdDataDir(
  command: string,
  rest: string[],
): Promise<{ lock: DataDirLock; pgliteDir: string; onMainThread: boolean } | undefined> {
  const config = loadConfig();
  if (config.database.kind !== 'pglite') return undefined;
  try {
    const lock = await acquireDataDirLock(config.dataDir, {
      command: ['handoff', command, ...rest].join(' '),
      warn: (line) => process.stderr.write(`${line}\n`),
    });
    return { lock, pgliteDir: config.database.dataDir, onMainThread: pgliteOnMainThread(config) };
  } catch (error) {
    if (error instanceof DataDirInUseError && command === 'export') {
      // Export only reads, but PGlite cannot share the folder even for that.
      throw new DataDirInUseError(
        `handoff export needs ${shown(config.dataDir)}, which is in use by ${error.holderText}; the embedded database takes one process at a time. ` +
          `Stop it first, or take the newest scheduled backup from ${shown(config.timers.backup.dir)} (handoff import reads it); with DATABASE_URL (PostgreSQL) export runs alongside.`,
        error.holderText,
        error.dataDir,
      );
    }
    throw error;
  }
}

async function dispatch(command: string, rest: string[], argv: string[]): Promise<number> {
  const { runBackupCommand, runDbCommand, runDiscordCommand, runServeMode, terminalOutput } = await modes();
  if (command === 'db') return await runDbCommand(rest, loadConfig(), PACKAGE_ROOT);
  if (command === 'export' || command === 'import' || command === 'directory') {
    return await runBackupCommand(command, rest, loadConfig(), terminalOutput());
  }
  if (command === 'discord') {
    return await runDiscordCommand(rest, loadConfig(), (text) => process.stdout.write(`${text}\n`));
  }
  if (command === 'console') return await runConsoleCommand(rest);
  if (command === 'serve') return await runServeMode(loadConfig());
  if (command.startsWith('--')) return await runConsoleCommand(argv);
  process.stderr.write(`${unknownCommand(command)}\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [command = defaultCommand(), ...rest] = argv;
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${versionLine()}\n`);
      return 0;
    }
    const held = needsDataDir(command, rest) ? await holdDataDir(command, rest) : undefined;
    // The folder is ours: open its database while the rest of Handoff loads (pglite-prewarm.ts),
    // unless the server will serve it from its main thread (config.ts `pgliteOnMainThread`).
    const onMainThread = command === 'serve' && held?.onMainThread === true;
    const warm = held && opensTheChat(command) && !onMainThread ? prewarmPGlite(held.pgliteDir) : undefined;
    try {
      return await dispatch(command, rest, argv);
    } finally {
      await warm?.release();
      await held?.lock.release();
    }
  } catch (error) {
    if (
      error instanceof HandoffError ||
      (error instanceof Error &&
        error.name === 'TypeError' &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      const hint = error instanceof HandoffError ? '' : '\nRun "handoff --help" for the options.';
      process.stderr.write(`${error.message}${hint}\n`);
      return 1;
    }
    throw error;
  }
}
