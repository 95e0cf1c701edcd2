// The one table of subcommands (design.md §3): usage, description, example and schema.
// The text parser, validateCommand (typed platform options) and helpText all read it, so a
// subcommand's words, rules and messages are written exactly once.

import { z } from 'zod';
import { closestMatch } from './closest.ts';
import type { Command, CommandName, CommandOf } from './command-types.ts';
import {
  incidentField,
  mentionField,
  newSeverityField,
  numberField,
  severityField,
  siteField,
  textField,
  TITLE_LIMIT,
  topicField,
} from './fields.ts';

export interface CommandDefinition {
  /** The name in the command object, e.g. `step.add`. */
  name: CommandName;
  /** What is typed after /incident to choose it, e.g. `step add`. */
  words: string;
  /** The arguments, as shown after "Usage: /incident", e.g. `step done <step>`. */
  usage: string;
  description: string;
  /** A complete example, as typed after /incident. */
  example: string;
  schema: z.ZodType<Command>;
}

// Strict objects: an option the command does not take is a mistake to report, not to drop.
function command<N extends CommandName, S extends z.ZodRawShape>(name: N, shape: S) {
  const words = name.replace('.', ' ');
  return z.strictObject(
    { name: z.literal(name), incident: incidentField, ...shape },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `\`${words}\` does not take ${issue.keys.map((k) => `\`${k}\``).join(', ')}.`
          : undefined,
    },
  );
}

// A command about the person rather than one incident (`mine`, `link`): an incident
// prefix would be silently ignored, so it is refused with words saying why.
function personal<N extends CommandName>(name: N, why: string) {
  return z.strictObject(
    { name: z.literal(name) },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.includes('incident')
            ? `\`${name}\` ${why}, so it takes no INC-<n>: type /incident ${name}.`
            : `\`${name}\` does not take ${issue.keys.map((k) => `\`${k}\``).join(', ')}.`
          : undefined,
    },
  );
}

const step = (missing: string) => numberField('step', missing, '3 or #3');
const handoff = (missing: string) => numberField('handoff', missing, 'H4, #4 or 4');

// Keyed by name so the compiler checks that every command has exactly one matching entry.
type Table = { [N in CommandName]: CommandDefinition & { name: N; schema: z.ZodType<CommandOf<N>> } };

const table: Table = {
  open: {
    name: 'open',
    words: 'open',
    usage: 'open <site> [sev1|sev2|sev3] <what is wrong>',
    description: 'Open an incident for a site and bring in its people. Severity is sev2 unless you say.',
    example: 'open wanderlust-web sev1 The booking page shows a database error.',
    schema: command('open', {
      site: siteField('Which site? Give its id first, like wanderlust-web.'),
      severity: severityField,
      text: textField('description', 'Say what is wrong after the site, e.g. "The booking page is down."'),
    }),
  },
  status: {
    name: 'status',
    words: 'status',
    usage: 'status',
    description: 'Show who holds each step right now, and any handoffs waiting for an answer.',
    example: 'INC-7 status',
    schema: command('status', {}),
  },
  'step.add': {
    name: 'step.add',
    words: 'step add',
    usage: 'step add <title> [@owner]',
    description:
      'Add a step. It is yours; a mention at the end offers it to that person, who must accept it.',
    example: 'step add Check the DNS records @Dana',
    schema: command('step.add', {
      title: textField('title', 'A step needs a title saying what is to be done.', TITLE_LIMIT),
      owner: mentionField('The owner must be a mention like @Sam.').optional(),
    }),
  },
  'step.done': {
    name: 'step.done',
    words: 'step done',
    usage: 'step done <step>',
    description: 'Mark a step done.',
    example: 'step done 3',
    schema: command('step.done', { step: step('Which step is done? Give its number, like 3.') }),
  },
  handoff: {
    name: 'handoff',
    words: 'handoff',
    usage: 'handoff <step> <@person> <what I saw and did>',
    description: 'Hand a step to someone, saying what you saw and did. It stays yours until they accept.',
    example: 'handoff 2 @Sam The disk is full; I cleared /tmp but it refills.',
    schema: command('handoff', {
      step: step('A handoff needs the number of the step you are handing over.'),
      to: mentionField('A handoff needs the person you are handing to, as a mention like @Sam.'),
      note: textField('note', 'A handoff needs a note saying what you saw and did.'),
    }),
  },
  accept: {
    name: 'accept',
    words: 'accept',
    usage: 'accept <handoff>',
    description: 'Accept a handoff made to you. The step becomes yours.',
    example: 'accept H4',
    schema: command('accept', { handoff: handoff('Which handoff? Give its number, like H4.') }),
  },
  decline: {
    name: 'decline',
    words: 'decline',
    usage: 'decline <handoff> <reason>',
    description: 'Decline a handoff made to you, saying why. The step stays with the sender.',
    example: 'decline H4 I have no access to the database server.',
    schema: command('decline', {
      handoff: handoff('Which handoff? Give its number, like H4.'),
      reason: textField('reason', 'A decline needs a reason, so the sender knows what to do next.'),
    }),
  },
  update: {
    name: 'update',
    words: 'update',
    usage: 'update <client-facing text>',
    description: 'Post an update for the client, in words they understand.',
    example: 'update Bookings work again; we are keeping an eye on the database.',
    schema: command('update', {
      text: textField('update', 'An update needs the text the client should read.'),
    }),
  },
  resolve: {
    name: 'resolve',
    words: 'resolve',
    usage: 'resolve <summary>',
    description: 'Resolve the incident with a summary of what was wrong and what fixed it.',
    example: 'resolve The disk filled up with logs; log rotation is now on.',
    schema: command('resolve', {
      summary: textField('summary', 'Resolving needs a summary of what fixed it.'),
    }),
  },
  reopen: {
    name: 'reopen',
    words: 'reopen',
    usage: 'reopen <reason>',
    description: 'Reopen a resolved incident, saying why.',
    example: 'reopen The booking page shows the database error again.',
    schema: command('reopen', {
      reason: textField('reason', 'Reopening needs a reason: what is wrong again?'),
    }),
  },
  summary: {
    name: 'summary',
    words: 'summary',
    usage: 'summary',
    description:
      'Show the paper trail: duration, who held each step and for how long, every handoff and how fast it was answered.',
    example: 'INC-7 summary',
    schema: command('summary', {}),
  },
  severity: {
    name: 'severity',
    words: 'severity',
    usage: 'severity <sev1|sev2|sev3>',
    description: 'Change how severe the incident is (sev1 is the worst). Coordinator only; everyone is told.',
    example: 'severity sev1',
    schema: command('severity', { severity: newSeverityField }),
  },
  mine: {
    name: 'mine',
    words: 'mine',
    usage: 'mine',
    description:
      'Show what is waiting on you across your open incidents: your steps, handoffs for you to answer, and offers of yours still pending.',
    example: 'mine',
    schema: personal('mine', 'covers all your open incidents'),
  },
  link: {
    name: 'link',
    words: 'link',
    usage: 'link',
    description:
      "Client contacts: get your own read-only link to your organisation's incident pages, privately.",
    example: 'link',
    schema: personal('link', "opens all of your organisation's incidents"),
  },
  help: {
    name: 'help',
    words: 'help',
    usage: 'help [topic]',
    description: 'Show every command, or the details of one with an example.',
    example: 'help handoff',
    schema: command('help', { topic: topicField }),
  },
};

/** Every subcommand, in the order help lists them. */
export const definitions: readonly CommandDefinition[] = Object.values(table);

/** The definition for a command name such as `step.add`, or undefined. */
export function findDefinition(name: string): CommandDefinition | undefined {
  return Object.hasOwn(table, name) ? table[name as CommandName] : undefined;
}

/** The two lines appended to every error about this subcommand. */
export function usageBlock(definition: CommandDefinition): string {
  return `Usage: /incident ${definition.usage}\nExample: /incident ${definition.example}`;
}

/** Every subcommand's words, e.g. `step add`, for "Did you mean" and topic lists. */
export const commandWords: readonly string[] = definitions.map((d) => d.words);

/**
 * Help generated from the table: the overview without a topic; the details and example of
 * each matching subcommand (`handoff`, `step add`, or `step` for both step commands);
 * for an unknown topic, says so and lists the topics.
 */
export function helpText(topic?: string): string {
  const wanted = normaliseTopic(topic ?? '');
  if (!wanted) return overview();
  const matches = definitions.filter((d) => d.words === wanted || d.words.split(' ')[0] === wanted);
  if (matches.length > 0) return matches.map(detail).join('\n\n');
  const guess = closestMatch(wanted, commandWords);
  return [
    `There is no help topic \`${topic?.trim()}\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
    `Topics: ${commandWords.join(', ')}.`,
    'Type /incident help <topic>, e.g. /incident help handoff.',
  ].join('\n');
}

// People type topics the way they type commands: "/incident step.add", "Step  Add".
function normaliseTopic(topic: string): string {
  return topic
    .trim()
    .toLowerCase()
    .replace(/^\/?incident\b/, '')
    .replace(/\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function overview(): string {
  return [
    'Handoff commands. Type /incident followed by one of these:',
    ...definitions.map((d) => `• ${d.usage}: ${d.description}`),
    'Put INC-<n> first to act on a particular incident, e.g. /incident INC-7 status.',
    'Steps are written 3 or #3, handoffs H4, #4 or 4. Mention people as @Sam, @"Dana Scully" or with your chat\'s @-mention.',
    'Type /incident help <command> for details and an example, e.g. /incident help handoff.',
  ].join('\n');
}

function detail(definition: CommandDefinition): string {
  return `/incident ${definition.usage}\n${definition.description}\nExample: /incident ${definition.example}`;
}
