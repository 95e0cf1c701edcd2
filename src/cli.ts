// The `handoff` command line: the console chat (default), database chores, help.
// Boot failures print one readable message and exit 1, never a stack trace.

import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runConsole } from '../adapters/console/run-console.ts';
import { loadConfig, PACKAGE_ROOT, type Config } from './config.ts';
import { HandoffError, NotFoundError } from './domain/errors.ts';
import { createLogger, startCore } from './main.ts';
import { runDbCommand } from './store/db-cli.ts';
import path from 'node:path';

const USAGE = `Usage:
  handoff [console] [--directory FILE] [--script FILE|-]
      Terminal chat on the embedded database. With --script (or piped stdin) it runs
      the lines non-interactively and prints a transcript.
  handoff db migrate          apply database migrations (also done at every start)
  handoff db diff <name>      write a new migration from changes to prisma/schema.prisma
  handoff help                this text

Environment: DATABASE_URL (PostgreSQL; default embedded PGlite in HANDOFF_DATA_DIR, default ./data),
HANDOFF_DIRECTORY (default examples/directory.yaml), ACK_REMIND, ACK_ESCALATE, UPDATE_EVERY, LOG_LEVEL.`;

function describeConfig(config: Config): string {
  const db =
    config.database.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `embedded database in ${path.relative(process.cwd(), config.dataDir) || '.'}`;
  return `${db} · directory ${path.relative(process.cwd(), config.directoryFile)}`;
}

async function runConsoleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { script: { type: 'string' }, directory: { type: 'string' } },
  });
  const config = loadConfig(undefined, { directoryFile: values.directory });
  if (values.script && values.script !== '-') {
    await access(values.script).catch((cause: unknown) => {
      throw new NotFoundError(`The script file ${values.script} can't be read. Check the path.`, { cause });
    });
  }
  const interactive = values.script === undefined && process.stdin.isTTY === true;
  const input = values.script && values.script !== '-' ? createReadStream(values.script) : process.stdin;
  const logger = createLogger(config.logLevel ?? (interactive ? 'warn' : 'error'));
  await runConsole({
    start: (notifier, clock) => startCore(config, { notifier, clock, logger }),
    input,
    interactive,
    write: (text) => process.stdout.write(`${text}\n`),
    describe: describeConfig(config),
  });
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'console', ...rest] = argv;
  try {
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === 'db') return await runDbCommand(rest, loadConfig(), PACKAGE_ROOT);
    if (command === 'console') return await runConsoleCommand(rest);
    if (command.startsWith('--')) return await runConsoleCommand(argv);
    process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
    return 2;
  } catch (error) {
    if (
      error instanceof HandoffError ||
      (error instanceof Error &&
        error.name === 'TypeError' &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      const hint = error instanceof HandoffError ? '' : '\nRun "handoff help" for the options.';
      process.stderr.write(`${error.message}${hint}\n`);
      return 1;
    }
    throw error;
  }
}
