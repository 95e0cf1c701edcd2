// Composition root (design §4): every way Handoff runs is assembled from here, and only
// here (with its parts in src/compose/) are implementations of the ports picked from config
// and wired together. src/cli.ts only turns the command line into one of these calls.
//
//   console           the core (store, timers, delivery worker) with the terminal chat as its
//                     notifier, plus the owners' pages when interactive or --web
//   serve             the core with Slack and/or Discord, the owners' pages and Slack's
//                     receiver on one HTTP server, until SIGTERM (src/compose/server.ts)
//   export, import,   a store alone, no timers and no platforms (src/store/backup-cli.ts)
//   directory import
//   db migrate, diff  the database alone (src/store/db-cli.ts)
//   discord register  Discord's REST alone (adapters/discord/discord-cli.ts)

import type { Readable } from 'node:stream';
import pino from 'pino';
import { runConsole } from '../adapters/console/run-console.ts';
import type { Logger } from './app/ports.ts';
import { startCore } from './compose/core.ts';
import { startCoreWithWeb } from './compose/core-with-pages.ts';
import type { Config } from './config.ts';

// The core alone, for tests and tools that drive it (test/e2e).
export { startCore, type Core, type CoreOptions } from './compose/core.ts';
// The modes that need no core: each reads its own arguments and opens only what it uses.
export { runBackupCommand, terminalOutput } from './store/backup-cli.ts';
export { runDbCommand } from './store/db-cli.ts';

/** Discord's REST alone; discord.js is loaded only for this command. */
export async function runDiscordCommand(
  ...args: Parameters<typeof import('../adapters/discord/discord-cli.ts').runDiscordCommand>
): Promise<number> {
  return (await import('../adapters/discord/discord-cli.ts')).runDiscordCommand(...args);
}

export function createLogger(level: string): Logger {
  // Logs go to stderr so they never mix with the console chat on stdout.
  return pino({ level, base: undefined }, pino.destination(2));
}

export interface ConsoleModeOptions {
  input: Readable;
  /** A person at a terminal (else a script, run on a clock the script moves). */
  interactive: boolean;
  /** Serve the owners' pages for a script too. */
  web: boolean;
  /** Shown in the banner: where data lives, which directory. */
  describe: string;
}

/** The terminal chat, until /quit or the end of the script. */
export async function runConsoleMode(config: Config, options: ConsoleModeOptions): Promise<number> {
  const { interactive } = options;
  const logger = createLogger(config.logLevel ?? (interactive ? 'warn' : 'error'));
  const write = (text: string) => process.stdout.write(`${text}\n`);
  await runConsole({
    // Interactive sessions also serve the owners' pages on PORT; scripts only with --web.
    start: (notifier, clock, manualTime) =>
      (interactive || options.web) && config.web.enabled
        ? startCoreWithWeb(
            config,
            { notifiers: { console: notifier }, clock, logger, manualTime, announce: write },
            write,
          )
        : startCore(config, { notifiers: { console: notifier }, clock, logger, manualTime, announce: write }),
    input: options.input,
    output: process.stdout,
    interactive,
    // Bold and italics only for a terminal; a pipe or a file gets plain words, never **.
    ansi: process.stdout.isTTY === true,
    write,
    describe: options.describe,
    logger,
  });
  return 0;
}

/** Slack and/or Discord and the owners' pages, until SIGTERM; 1 when something did not stop cleanly. */
export async function runServeMode(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel ?? 'info');
  // Loaded here, not at the top: it brings the platform adapters, which the console never needs.
  const { runServer } = await import('./compose/server.ts');
  return runServer(config, logger, (line) => process.stdout.write(`${line}\n`));
}
