// The terminal chat (issue 3 §7): you type as a person, the bot's messages are shown
// per recipient. The same code runs interactively and from a script; only scripts may
// move the clock, so time-dependent stories run in seconds.

import { resolveMention } from '../../src/commands/index.ts';
import { closestMatch } from '../../src/commands/closest.ts';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import { errorLine } from '../../src/app/error-line.ts';
import type { Logger, Notification, Notifier, WakeUp } from '../../src/app/ports.ts';
import type { Reply } from '../../src/app/reply.ts';
import type { Directory, Person } from '../../src/domain/directory.ts';
import { parseDuration } from '../../src/domain/duration.ts';
import { HandoffError, toHandoffError, ValidationError } from '../../src/domain/errors.ts';
import { incidentRef } from '../../src/domain/incident-types.ts';
import type { ManualClock } from '../../src/timers/clock.ts';
import type { Clock } from '../../src/app/ports.ts';
import { timeZoneOf } from '../../src/domain/time-zone.ts';
import { CONSOLE_COMMANDS, CONSOLE_HELP } from './console-commands.ts';
import { formatMessage } from './transcript.ts';

/** A script's time as it prints it: 2026-03-02T08:00:00Z. */
const stamp = (at: Date): string => at.toISOString().replace('.000Z', 'Z');

export interface ConsoleChatOptions {
  directory: () => Directory;
  /** Print the speaker's own lines (scripts: yes; an interactive terminal echoes them already). */
  echo?: boolean;
  clock: Clock;
  /** Present in script mode only: lets /clock and /wait move time. */
  manualClock?: ManualClock;
  /** Output is a terminal: Markdown emphasis and headings in ANSI bold/italics (else plain words). */
  ansi?: boolean;
  write: (text: string) => void;
  /** Where a failure of the chat's own work is logged with its cause (stderr in the CLI). */
  logger?: Logger;
}

/** What a script needs to fire deadlines as time moves (the core provides both). */
export interface ConsoleDeadlines {
  nextDeadline?(until: Date): Promise<WakeUp | null>;
  fireDue?(wake: WakeUp): Promise<void>;
}

export class ConsoleChat implements Notifier {
  private app: HandoffApp | undefined;
  private deadlines: ConsoleDeadlines = {};
  private speaker: Person | undefined;
  private room: number | undefined;
  private pending: Notification[] = [];
  /** A typed line is being handled; notifications wait for its reply. */
  private busy = false;
  /**
   * Something has happened at the clock's time (it was set, or a line reached the core).
   * Before that a script may set any start; after it, going back would date events before
   * the ones already recorded, and downtime and credits would read zero.
   */
  private timeUsed = false;

  constructor(private readonly options: ConsoleChatOptions) {}

  attach(app: HandoffApp, deadlines: ConsoleDeadlines = {}): void {
    this.app = app;
    this.deadlines = deadlines;
  }

  get currentSpeaker(): Person | undefined {
    return this.speaker;
  }

  /**
   * Notifications are held until the command's reply is printed, so the transcript reads in
   * order; one that comes by itself (a reminder in the live chat) is printed at once.
   */
  async notify(notifications: Notification[]): Promise<void> {
    this.pending.push(...notifications);
    if (!this.busy) this.flush();
  }

  private zone(): string {
    return timeZoneOf(this.options.directory());
  }

  private print(header: string, text: string): void {
    this.options.write(
      formatMessage(this.options.clock.now(), header, text, this.zone(), {
        ansi: this.options.ansi === true,
      }),
    );
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    for (const n of batch) this.print(`Handoff → ${n.personName}`, n.text);
  }

  private showReply(reply: Reply | null): void {
    if (reply) {
      const where =
        reply.visibility === 'room' && reply.incidentNumber
          ? `in ${incidentRef(reply.incidentNumber)}`
          : `${this.speaker?.name ?? 'you'} (only you)`;
      this.print(`Handoff → ${where}`, reply.text);
      if (reply.incidentNumber && !reply.error) this.room = reply.incidentNumber;
    }
    this.flush();
  }

  /** Handles one typed line. Returns false when the user asked to quit. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return true;
    this.busy = true;
    try {
      return await this.dispatch(line);
    } catch (error) {
      // Commands never throw (the core answers them); what lands here is the chat's own
      // work (/wait firing deadlines, /as). The terminal is local: show the detail.
      const known = error instanceof HandoffError;
      const detail = error instanceof Error ? error.message : String(error);
      if (!known) this.options.logger?.error({ error: errorLine(error) }, 'console line failed');
      this.print('Handoff', known ? toHandoffError(error).message : `Something went wrong: ${detail}`);
      this.flush();
      return true;
    } finally {
      this.busy = false;
    }
  }

  private async dispatch(line: string): Promise<boolean> {
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (word.toLowerCase()) {
      case '/quit':
      case '/exit':
        return false;
      case '/help':
        this.print('Handoff', CONSOLE_HELP);
        return true;
      case '/who':
        this.print(
          'Handoff',
          this.options
            .directory()
            .people.map((p) => `${p.name} (${p.id})`)
            .join(', '),
        );
        return true;
      case '/as':
        await this.speakAs(arg);
        return true;
      case '/room':
        await this.switchRoom(arg);
        return true;
      case '/clock':
      case '/wait':
        await this.moveClock(word.toLowerCase(), arg);
        return true;
    }
    const speaker = this.requireSpeaker();
    const actor = { platform: 'console' as const, userId: speaker.id };
    this.timeUsed = true;
    // A terminal already shows what was typed after the prompt; transcripts need the line.
    if (this.options.echo !== false)
      this.options.write(formatMessage(this.options.clock.now(), speaker.name, line, this.zone()));
    if (word.toLowerCase() === '/incident' || word.toLowerCase() === '/inc') {
      this.showReply(await this.requireApp().handleCommand({ actor, text: line, roomIncident: this.room }));
    } else if (word.startsWith('/')) {
      const guess = closestMatch(word.toLowerCase(), CONSOLE_COMMANDS);
      this.print(
        'Handoff',
        `Unknown console command ${word}.${guess ? ` Did you mean ${guess}?` : ''} Type /help.`,
      );
    } else {
      const room = this.room ?? (await this.onlyOpenIncident(actor));
      if (room === undefined) return true;
      if (this.room === undefined)
        this.print('Handoff', `You are now typing in ${incidentRef(room)} (your only open incident).`);
      this.room = room;
      this.showReply(await this.requireApp().handleMessage({ actor, text: line, roomIncident: room }));
    }
    return true;
  }

  /**
   * No room chosen yet (a new session, say): a plain line goes to the speaker's only open
   * incident, found the way /incident status finds it. With none, or several, the core's
   * answer says so, and the line is not sent anywhere.
   */
  private async onlyOpenIncident(actor: {
    platform: 'console';
    userId: string;
  }): Promise<number | undefined> {
    const reply = await this.requireApp().handleCommand({ actor, text: '/incident status' });
    if (reply && !reply.error && reply.incidentNumber) return reply.incidentNumber;
    const why = reply?.text ?? 'You are not in an incident room yet.';
    this.print('Handoff', `${why}\nTo type into an incident's room: /room INC-<n>.`);
    return undefined;
  }

  /** Switches the speaker, then shows what is waiting on them, if anything (issue 15, item 3). */
  async speakAs(name: string): Promise<void> {
    const wanted = name.trim().replace(/^@/, '').trim();
    if (!wanted) throw new ValidationError('Usage: /as <name>, e.g. /as Dana');
    const person = resolveMention({ kind: 'name', name: wanted }, this.options.directory());
    this.speaker = person;
    const org = this.options.directory().organisations.find((o) => o.id === person.organisationId);
    this.print('Handoff', `You are now ${person.name}${org ? ` (${org.name})` : ''}.`);
    const work = await this.app?.myWork({ platform: 'console', userId: person.id });
    if (work && !work.nothingWaiting) this.print(`Handoff → ${person.name} (only you)`, work.text);
  }

  /**
   * Enters an incident's room only if the speaker may read it, asked of the core through the
   * same status command anyone can type: a room that does not exist, or is someone else's,
   * is refused with the core's own words, and the current room stays as it was.
   */
  private async switchRoom(arg: string): Promise<void> {
    const match = /^inc-?(\d+)$/i.exec(arg.trim());
    if (!match) {
      this.print(
        'Handoff',
        this.room
          ? `You are in ${incidentRef(this.room)}. Switch with /room INC-<n>.`
          : 'Usage: /room INC-<n>, e.g. /room INC-1',
      );
      return;
    }
    const speaker = this.requireSpeaker();
    // As text, so the parser reads the digits exactly as typed, however many there are.
    const reply = await this.requireApp().handleCommand({
      actor: { platform: 'console', userId: speaker.id },
      text: `INC-${match[1]} status`,
    });
    if (!reply || reply.error || !reply.incidentNumber) {
      this.print(
        'Handoff',
        reply?.text ?? `You are still in ${this.room ? incidentRef(this.room) : 'no room'}.`,
      );
      return;
    }
    this.room = reply.incidentNumber;
    this.print('Handoff', `You are now typing in ${incidentRef(this.room)}.`);
  }

  private async moveClock(word: string, arg: string): Promise<void> {
    const clock = this.options.manualClock;
    if (!clock) {
      this.print(
        'Handoff',
        `${word} only works in scripts (handoff console --script FILE); the live chat uses real time.`,
      );
      return;
    }
    if (word === '/clock') {
      // Times without a zone are read as UTC, so a script means the same everywhere.
      const at = new Date(/(z|[+-]\d\d:?\d\d)$/i.test(arg) ? arg : `${arg}Z`);
      if (!arg || Number.isNaN(at.getTime()))
        throw new ValidationError(`Usage: /clock 2026-03-01T08:00Z (got "${arg}")`);
      if (this.timeUsed && at < clock.now()) {
        throw new ValidationError(
          `The clock is at ${stamp(clock.now())}; a script can only move it forward, not back to ${stamp(at)}.`,
        );
      }
      clock.set(at);
    } else {
      const ms = parseDuration(arg);
      if (ms === undefined) throw new ValidationError(`Usage: /wait 15m (got "${arg}")`);
      await this.fireUntil(clock, new Date(clock.now().getTime() + ms));
    }
    this.timeUsed = true;
    this.print('Clock', stamp(clock.now()));
  }

  /**
   * Moves the clock to `target` the way real time would pass: to each due deadline in turn,
   * firing it there, so reminders print at the minute they would have come.
   */
  private async fireUntil(clock: ManualClock, target: Date): Promise<void> {
    const { nextDeadline, fireDue } = this.deadlines;
    const seen = new Set<string>();
    for (;;) {
      const due = await nextDeadline?.call(this.deadlines, target);
      if (!due || !fireDue) break;
      const id = `${due.key}@${due.at.getTime()}`;
      if (seen.has(id)) throw new Error(`deadline ${id} stayed pending after firing`);
      seen.add(id);
      if (due.at > clock.now()) clock.set(due.at);
      await fireDue.call(this.deadlines, due);
      this.flush();
    }
    clock.set(target);
  }

  private requireSpeaker(): Person {
    if (!this.speaker) throw new ValidationError('Say who you are first: /as <name>');
    return this.speaker;
  }

  private requireApp(): HandoffApp {
    if (!this.app) throw new Error('console chat used before attach(app)');
    return this.app;
  }
}
