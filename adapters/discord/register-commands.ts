// `handoff discord register`: the `/incident` command with its subcommands and typed
// options, registered for one guild (guild commands update at once; global ones take up
// to an hour). Built from src/commands' table, so descriptions are written once.

import { REST, Routes, type RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord.js';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { definitions, type CommandDefinition } from '../../src/commands/index.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import type { DiscordAdapterConfig } from './discord-adapter-config.ts';
import { OPTIONS, type OptionSpec } from './command-options.ts';

const DESCRIPTION_LIMIT = 100;

// Discord caps descriptions at 100 characters; cut at a word and say so with an ellipsis.
function short(text: string): string {
  if (text.length <= DESCRIPTION_LIMIT) return text;
  const cut = text.slice(0, DESCRIPTION_LIMIT - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[,;:.]$/, '')}…`;
}

function option(spec: OptionSpec, directory: Directory): APIApplicationCommandBasicOption {
  const base = { name: spec.option, description: short(spec.description), required: spec.required };
  if (spec.type === ApplicationCommandOptionType.Integer) return { ...base, type: spec.type, min_value: 1 };
  if (spec.type === ApplicationCommandOptionType.User) return { ...base, type: spec.type };
  const text = { ...base, type: spec.type, ...(spec.maxLength ? { max_length: spec.maxLength } : {}) };
  // Autocomplete reads the directory live; an empty directory has nothing to suggest.
  if (spec.autocomplete && directory.sites.length > 0) return { ...text, autocomplete: true };
  const choices = spec.choices?.map((c) => ({ name: c, value: c }));
  return choices ? { ...text, choices } : text;
}

function subcommand(
  definition: CommandDefinition,
  directory: Directory,
): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: definition.words.split(' ').at(-1) ?? definition.words,
    description: short(definition.description),
    options: OPTIONS[definition.name].map((spec) => option(spec, directory)),
  };
}

/** The `/incident` command: `step add` and `step done` form the `step` group, the rest are subcommands. */
export function incidentCommand(directory: Directory): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const grouped = definitions.filter((d) => d.words.includes(' '));
  const plain = definitions.filter((d) => !d.words.includes(' '));
  const groups = [...new Set(grouped.map((d) => d.words.split(' ')[0] ?? d.words))].map((group) => ({
    type: ApplicationCommandOptionType.SubcommandGroup as const,
    name: group,
    description: `Work on ${group}s: ${grouped
      .filter((d) => d.words.startsWith(`${group} `))
      .map((d) => d.words)
      .join(', ')}`,
    options: grouped.filter((d) => d.words.startsWith(`${group} `)).map((d) => subcommand(d, directory)),
  }));
  return {
    name: 'incident',
    description: 'Coordinate an outage: one owner per step, handoffs that count only when accepted',
    options: [...plain.map((d) => subcommand(d, directory)), ...groups],
  };
}

/** PUTs the command set for the guild (replacing what was there); returns what Discord stored. */
export async function registerDiscordCommands(
  config: DiscordAdapterConfig,
  directory: Directory,
): Promise<unknown> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const body: RESTPutAPIApplicationGuildCommandsJSONBody = [incidentCommand(directory)];
  try {
    return await rest.put(Routes.applicationGuildCommands(config.appId, config.guildId), { body });
  } catch (error) {
    throw new PlatformError(
      `Discord refused the command registration: ${error instanceof Error ? error.message : String(error)}. ` +
        'Check DISCORD_APP_ID and DISCORD_GUILD_ID, and that the bot was invited with the applications.commands scope.',
      { cause: error },
    );
  }
}
