// What a person is told when their command fails outside the core's error boundary (the
// platform, the room, the reply itself), in words shared by every adapter (design §5.2).
// Whether the core answered decides them: once it has, a change is saved, and "please try
// again" would make it twice; a read that failed can always be tried again.

import type { Command } from '../commands/command-types.ts';
import { parseCommand } from '../commands/index.ts';
import { HandoffError } from '../domain/errors.ts';
import { incidentRef } from '../domain/incident-types.ts';
import type { Reply } from './reply.ts';

/** Commands that change nothing: failing, they are simply tried again. */
export const READ_ONLY = new Set<Command['name']>(['status', 'summary', 'help', 'mine', 'link']);

/** A command on its way through an adapter, filled in as it goes. */
export interface CommandAttempt {
  /** What was typed, when the platform gives text (Slack, the console). */
  text?: string;
  /** The command, when the platform gives typed options (Discord, buttons). */
  command?: Command;
  roomIncident?: number | undefined;
  /** Set once the core has answered: its change, if any, is saved. null: a duplicate delivery. */
  reply?: Reply | null;
}

/** "I could not read INC-3 right now; try again.", or the same for what the command reads. */
export function couldNotRead(name: Command['name'], incidentNumber?: number): string {
  if (name === 'mine') return 'I could not read what is waiting on you right now; try again.';
  if (name === 'link') return 'I could not make your link right now; try again.';
  const what = incidentNumber ? incidentRef(incidentNumber) : 'that';
  return `I could not read ${what} right now; try again.`;
}

function applied(name: Command['name'] | undefined, incidentNumber: number | undefined): string {
  if (!incidentNumber) return 'Your change was applied, but I could not show the reply here.';
  const ref = incidentRef(incidentNumber);
  const done = name === 'open' ? `${ref} was opened` : `Your change to ${ref} was applied`;
  return `${done}, but I could not show the reply here: see /incident status ${incidentNumber}.`;
}

function commandOf(attempt: CommandAttempt): Command | undefined {
  if (attempt.command) return attempt.command;
  try {
    return attempt.text === undefined ? undefined : parseCommand(attempt.text);
  } catch {
    return undefined;
  }
}

/**
 * The words for a command that failed with `error` after getting as far as `attempt` says.
 * `describe` is the adapter's own wording of an error, used when nothing better is known.
 */
export function failureText(
  attempt: CommandAttempt,
  error: unknown,
  describe: (error: unknown) => string,
): string {
  const command = commandOf(attempt);
  const incident = attempt.reply?.incidentNumber ?? command?.incident ?? attempt.roomIncident;
  const readOnly = command !== undefined && READ_ONLY.has(command.name);
  if (attempt.reply === null) return 'That was already done.';
  if (attempt.reply) {
    // A refusal changed nothing: its own words still stand.
    if (attempt.reply.error) return attempt.reply.text;
    return readOnly ? couldNotRead(command.name, incident) : applied(command?.name, incident);
  }
  // A refusal (no such incident, not allowed) says why, whatever the command.
  if (error instanceof HandoffError && error.code !== 'internal' && error.code !== 'platform') {
    return error.message;
  }
  return readOnly ? couldNotRead(command.name, incident) : describe(error);
}
