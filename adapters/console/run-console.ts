// Runs the terminal chat: interactively on a TTY, or a script (file or stdin) that
// prints a transcript. End-to-end tests use the same entry point.

import { timeZoneOf } from '../../src/domain/time-zone.ts';
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from '../../src/app/ports.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { ManualClock, systemClock } from '../../src/timers/clock.ts';
import { ConsoleChat } from './console-chat.ts';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger, Notifier, WakeUp } from '../../src/app/ports.ts';

export interface ConsoleCore {
  app: HandoffApp;
  directory: () => Directory;
  /** Script mode: the earliest pending deadline due by `until`, or null. */
  nextDeadline?(until: Date): Promise<WakeUp | null>;
  /** Script mode: fires that deadline (the chat has moved the clock to it). */
  fireDue?(wake: WakeUp): Promise<void>;
  stop(): Promise<void>;
}

export interface RunConsoleOptions {
  /**
   * Builds the core with the chat as its notifier and the given clock. `manualTime` is true
   * for scripts: the chat moves the clock and fires due deadlines itself.
   */
  start: (notifier: Notifier, clock: Clock, manualTime: boolean) => Promise<ConsoleCore>;
  input: Readable;
  /** Interactive only: where readline shows the prompt ("Dana> "). */
  output?: NodeJS.WritableStream;
  write: (text: string) => void;
  interactive: boolean;
  /** The output is a terminal: Markdown shows as ANSI bold and italics (else as plain words). */
  ansi?: boolean;
  /** Shown in the banner: where data lives, which directory. */
  describe?: string;
  /** Where a failure of the chat's own work is logged with its cause. */
  logger?: Logger;
}

function defaultSpeaker(directory: Directory): string | undefined {
  const clientOrg = new Set(directory.organisations.filter((o) => o.kind === 'client').map((o) => o.id));
  return (directory.people.find((p) => clientOrg.has(p.organisationId)) ?? directory.people[0])?.name;
}

function banner(directory: Directory, describe: string | undefined): string {
  const site = directory.sites[0]?.id ?? '<site>';
  return [
    `Handoff console${describe ? ` · ${describe}` : ''}`,
    `People: ${directory.people.map((p) => p.name).join(', ')}. Sites: ${directory.sites.map((s) => s.id).join(', ')}.`,
    `Times are shown in ${timeZoneOf(directory)} (the provider's time zone in the directory).`,
    `Try: /incident open ${site} The site shows an error page`,
    'Type /help for console commands, /incident help for incident commands, /quit to leave.',
  ].join('\n');
}

/**
 * Interactive output that keeps the prompt whole: a message that comes while the prompt is
 * waiting (a reminder from a timer) clears the prompt line, prints, and redraws the prompt
 * with what was typed so far, instead of printing over it.
 */
function promptKeeper(options: RunConsoleOptions) {
  let rl: Interface | undefined;
  let waiting = false;
  return {
    attach(readline: Interface) {
      rl = readline;
    },
    set waiting(value: boolean) {
      waiting = value;
    },
    write(text: string) {
      const output = options.output;
      if (!(options.interactive && waiting && rl && output)) return options.write(text);
      clearLine(output, 0);
      cursorTo(output, 0);
      options.write(text);
      rl.prompt(true);
    },
  };
}

export async function runConsole(options: RunConsoleOptions): Promise<void> {
  const manualClock = options.interactive ? undefined : new ManualClock();
  const clock = manualClock ?? systemClock;
  const keeper = promptKeeper(options);
  // The chat is the core's notifier, so it exists first and reads the directory lazily.
  const chat = new ConsoleChat({
    directory: () => core.directory(),
    clock,
    manualClock,
    write: (text) => keeper.write(text),
    echo: !options.interactive,
    ansi: options.ansi === true,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const core = await options.start(chat, clock, manualClock !== undefined);
  chat.attach(core.app, core);
  const rl = createInterface({
    input: options.input,
    ...(options.interactive && options.output ? { output: options.output } : {}),
    terminal: options.interactive,
    crlfDelay: Infinity,
  });
  keeper.attach(rl);
  try {
    if (options.interactive) options.write(banner(core.directory(), options.describe));
    const first = defaultSpeaker(core.directory());
    if (options.interactive && first) await chat.speakAs(first);
    const prompt = () => {
      if (!options.interactive) return;
      rl.setPrompt(`${chat.currentSpeaker?.name ?? 'you'}> `);
      rl.prompt();
      keeper.waiting = true;
    };
    prompt();
    for await (const line of rl) {
      keeper.waiting = false;
      if (!(await chat.handleLine(line))) break;
      prompt();
    }
  } finally {
    rl.close();
    await core.stop();
  }
}
