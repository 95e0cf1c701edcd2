// `handoff discord register`: registers the /incident command for the configured guild.
// Run it once after inviting the bot, and again when the directory's sites change
// (autocomplete reads them live; only an empty directory changes the definition).

import { DISCORD_USAGE } from '../../src/usage.ts';
import type { Config } from '../../src/config.ts';
import { loadDirectoryFile } from '../../src/directory/directory-file.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { registerDiscordCommands } from './register-commands.ts';

export async function runDiscordCommand(
  args: string[],
  config: Config,
  write: (text: string) => void,
): Promise<number> {
  if (args[0] !== 'register' || args.length > 1) {
    throw new ValidationError(`Usage:\n${DISCORD_USAGE}`);
  }
  if (!config.discord) {
    throw new ValidationError(
      'Set DISCORD_TOKEN, DISCORD_APP_ID, DISCORD_GUILD_ID and DISCORD_INCIDENT_CHANNEL first; the README section "Connect to Discord" says where to find each.',
    );
  }
  const directory = await loadDirectoryFile(config.directoryFile);
  await registerDiscordCommands(config.discord, directory);
  write(
    `Registered /incident in Discord server ${config.discord.guildId}. Type /incident help there to try it.`,
  );
  return 0;
}
