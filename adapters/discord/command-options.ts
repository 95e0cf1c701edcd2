// The `/incident` slash command's typed options, one table for both directions: building
// the definition Discord registers, and reading an interaction back into a command object
// for validateCommand. The words and rules stay in src/commands; this only says which
// Discord option type carries each field.

import { ApplicationCommandOptionType } from 'discord.js';
import { SEVERITIES, TEXT_LIMIT, TITLE_LIMIT, type CommandName } from '../../src/commands/index.ts';

export interface OptionSpec {
  /** The option's name in Discord (lowercase). */
  option: string;
  /** The field of the command object it fills. */
  field: string;
  type:
    | ApplicationCommandOptionType.String
    | ApplicationCommandOptionType.Integer
    | ApplicationCommandOptionType.User;
  description: string;
  required: boolean;
  maxLength?: number;
  autocomplete?: boolean;
  choices?: readonly string[];
}

const { String: Text, Integer, User } = ApplicationCommandOptionType;

const text = (option: string, field: string, description: string, maxLength = TEXT_LIMIT): OptionSpec => ({
  option,
  field,
  type: Text,
  description,
  required: true,
  maxLength,
});
const int = (option: string, description: string): OptionSpec => ({
  option,
  field: option,
  type: Integer,
  description,
  required: true,
});
// Optional on every command that acts on an incident; inside an incident thread it is implied.
const incident: OptionSpec = {
  option: 'incident',
  field: 'incident',
  type: Integer,
  description: 'Incident number, e.g. 7 for INC-7 (default: this thread, or your only open incident)',
  required: false,
};

/** Options per command, in the order Discord shows them (required ones first, as it demands). */
export const OPTIONS: { readonly [N in CommandName]: readonly OptionSpec[] } = {
  open: [
    { ...text('site', 'site', 'The site that is down', 100), autocomplete: true },
    text('problem', 'text', 'What is wrong, in a sentence'),
    {
      option: 'severity',
      field: 'severity',
      type: Text,
      description: 'sev1 (worst) to sev3; sev2 if you leave it out',
      required: false,
      choices: SEVERITIES,
    },
  ],
  status: [incident],
  'step.add': [
    text('title', 'title', 'What is to be done', TITLE_LIMIT),
    {
      option: 'owner',
      field: 'owner',
      type: User,
      description: 'Offer it to this person (they must accept); yours if left out',
      required: false,
    },
    incident,
  ],
  'step.done': [int('step', 'The step number, e.g. 3'), incident],
  handoff: [
    int('step', 'The step you hand over, e.g. 3'),
    { option: 'to', field: 'to', type: User, description: 'Who should take it', required: true },
    text('note', 'note', 'What you saw and what you did'),
    incident,
  ],
  accept: [int('handoff', 'The handoff number, e.g. 4 for H4'), incident],
  decline: [
    int('handoff', 'The handoff number, e.g. 4 for H4'),
    text('reason', 'reason', 'Why, so the sender knows what to do next'),
    incident,
  ],
  update: [text('text', 'text', 'The update, in words the client understands'), incident],
  resolve: [text('summary', 'summary', 'What was wrong and what fixed it'), incident],
  reopen: [text('reason', 'reason', 'What is wrong again'), incident],
  summary: [incident],
  severity: [
    {
      option: 'level',
      field: 'severity',
      type: Text,
      description: 'sev1 (worst), sev2 or sev3',
      required: true,
      choices: SEVERITIES,
    },
    incident,
  ],
  // About the person, across their incidents: no incident option to pick.
  mine: [],
  link: [],
  help: [
    {
      option: 'topic',
      field: 'topic',
      type: Text,
      description: 'A command, e.g. handoff',
      required: false,
      maxLength: 100,
    },
  ],
};
