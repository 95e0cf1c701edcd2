// Interactions, verify → parse → normalise → dispatch (design §5.3): discord.js has
// verified and parsed them; here they become command objects for the core. Every path
// defers or answers first, inside Discord's 3 seconds, and every error leaves through
// errorReply as an ephemeral message.

import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { CommandAttempt } from '../../src/app/failure-reply.ts';
import type { HandoffApp } from '../../src/app/handoff-app.ts';
import type { Logger } from '../../src/app/ports.ts';
import type { Reply } from '../../src/app/reply.ts';
import { validateCommand, type Command, type CommandName } from '../../src/commands/index.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { OPTIONS } from './command-options.ts';
import { edited, ephemeral, errorReply, fitMessage } from './error-reply.ts';
import {
  declineModal,
  parseHandoffCustomId,
  REASON_FIELD,
  type HandoffTarget,
} from './handoff-components.ts';
import { PLATFORM, type IncidentThreads } from './incident-threads.ts';
import { safeError } from './log-safe-error.ts';

export interface InteractionDeps {
  app: () => HandoffApp;
  threads: IncidentThreads;
  directory: () => Directory;
  logger: Logger;
}

export async function handleInteraction(deps: InteractionDeps, interaction: Interaction): Promise<void> {
  // How far a command got decides what a failure says: once the core answered, it is saved.
  const attempt: CommandAttempt = {};
  try {
    if (interaction.isAutocomplete()) await suggestSites(deps, interaction);
    else if (interaction.isChatInputCommand()) await runSlashCommand(deps, interaction, attempt);
    else if (interaction.isButton()) await pressButton(deps, interaction, attempt);
    else if (interaction.isModalSubmit()) await submitModal(deps, interaction, attempt);
  } catch (error) {
    if (isUnanswerable(error)) {
      deps.logger.warn(
        { interaction: interaction.id, code: error.code },
        'discord interaction not answerable',
      );
    } else if (interaction.isRepliable()) await answerError(deps, interaction, error, attempt);
    else
      deps.logger.error({ err: safeError(error), interaction: interaction.id }, 'discord interaction failed');
  }
}

// Discord refuses a second answer (40060: a redelivered interaction someone already
// answered) and a late one (10062: over 3 seconds). Neither has anyone left to tell.
const UNANSWERABLE = new Set<unknown>([40060, 10062]);

function isUnanswerable(error: unknown): error is DiscordAPIError {
  return error instanceof DiscordAPIError && UNANSWERABLE.has(error.code);
}

async function answerError(
  deps: InteractionDeps,
  interaction: RepliableInteraction,
  error: unknown,
  attempt: CommandAttempt,
) {
  const reply = errorReply(error, deps.logger, `interaction ${interaction.id}`, attempt);
  try {
    if (interaction.deferred || interaction.replied) await interaction.editReply(edited(reply));
    else await interaction.reply(reply);
  } catch (failure) {
    deps.logger.warn(
      { err: safeError(failure), interaction: interaction.id },
      'discord error reply not delivered',
    );
  }
}

/** The command object the slash command's typed options describe, before validation. */
export function readCommand(interaction: ChatInputCommandInteraction): Record<string, unknown> {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand();
  const name = (group ? `${group}.${sub}` : sub) as CommandName;
  const raw: Record<string, unknown> = { name };
  for (const spec of OPTIONS[name] ?? []) {
    const option = interaction.options.get(spec.option);
    if (option?.value === undefined) continue;
    raw[spec.field] =
      spec.type === ApplicationCommandOptionType.User
        ? { kind: 'discord', id: String(option.value) }
        : option.value;
  }
  return raw;
}

async function runSlashCommand(
  deps: InteractionDeps,
  interaction: ChatInputCommandInteraction,
  attempt: CommandAttempt,
) {
  if (interaction.commandName !== 'incident') {
    await interaction.reply(ephemeral(`Handoff only knows /incident, not /${interaction.commandName}.`));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await dispatch(deps, interaction, validateCommand(readCommand(interaction)), attempt);
}

/** Runs a validated command as the interaction's user and edits the deferred reply with the answer. */
async function dispatch(
  deps: InteractionDeps,
  interaction: RepliableInteraction,
  command: Command,
  attempt: CommandAttempt,
) {
  attempt.command = command;
  const roomIncident = (attempt.roomIncident = await deps.threads.incidentFor(interaction.channelId));
  const reply = (attempt.reply = await deps.app().handleCommand({
    actor: { platform: PLATFORM, userId: interaction.user.id },
    command,
    roomIncident,
    idempotencyKey: `discord:interaction:${interaction.id}`,
  }));
  // A new thread's link to its incident is written before anyone can type in it.
  await deps.threads.settle();
  await interaction.editReply(edited(await render(deps, interaction, reply)));
}

// The change is committed by now: if the thread is unreachable, the person still gets the
// app's answer (without the thread link), never an error that suggests nothing happened.
async function render(deps: InteractionDeps, interaction: RepliableInteraction, reply: Reply | null) {
  if (!reply) return ephemeral('That was already done: Discord delivered it twice.');
  if (reply.error || !reply.incidentNumber) return ephemeral(reply.text);
  try {
    const thread = await deps.threads.thread(reply.incidentNumber);
    if (reply.visibility === 'room') {
      await thread.send({ content: fitMessage(reply.text), allowedMentions: { parse: [] } });
      return ephemeral(`Posted in <#${thread.id}>.`);
    }
    // Outside the thread, say where the incident lives.
    const here = interaction.channelId === thread.id;
    return ephemeral(here ? reply.text : `${reply.text}\nThread: <#${thread.id}>`);
  } catch (error) {
    deps.logger.error(
      { err: safeError(error), incident: reply.incidentNumber },
      'discord incident thread unreachable',
    );
    return ephemeral(reply.text);
  }
}

async function suggestSites(deps: InteractionDeps, interaction: AutocompleteInteraction) {
  const focused = interaction.options.getFocused(true);
  const typed = focused.name === 'site' ? String(focused.value).trim().toLowerCase() : undefined;
  const sites =
    typed === undefined
      ? []
      : deps
          .directory()
          .sites.filter((s) => s.id.includes(typed) || s.name.toLowerCase().includes(typed))
          .slice(0, 25);
  await interaction.respond(sites.map((s) => ({ name: `${s.name} (${s.id})`.slice(0, 100), value: s.id })));
}

async function pressButton(deps: InteractionDeps, interaction: ButtonInteraction, attempt: CommandAttempt) {
  const target = parseHandoffCustomId(interaction.customId);
  if (!target || target.action === 'reason') {
    await interaction.reply(ephemeral('This button is not one of Handoff’s any more.'));
    return;
  }
  // Known already unless it was posted before references were stored; written after the
  // first answer so a slow database never costs the 3 s Discord gives for one.
  const remember = () =>
    deps.threads.rememberHandoffMessage(target.incident, target.handoff, {
      channelId: interaction.channelId,
      messageId: interaction.message.id,
      content: interaction.message.content,
    });
  if (target.action === 'accept') {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await remember();
    await dispatch(deps, interaction, answerCommand(target, 'accept'), attempt);
    return;
  }
  const refusal = await declineRefusal(deps, interaction.user.id, target);
  if (refusal) {
    await interaction.reply(ephemeral(refusal));
    return;
  }
  await interaction.showModal(declineModal(target.incident, target.handoff));
  await remember();
}

// The modal is offered only to whom the app would let decline. The app still decides on
// submit; this only spares others from typing a reason that would be refused. The words are
// the app's (domain/handoffs.ts requireAnswerable) so both paths read the same.
async function declineRefusal(deps: InteractionDeps, userId: string, target: HandoffTarget) {
  const view = await deps.app().view(target.incident);
  const h = view?.handoffs.find((x) => x.number === target.handoff);
  if (!view || !h) return `There is no handoff H${target.handoff} in INC-${target.incident}.`;
  if (h.to.handles.discord !== userId) {
    return `Handoff H${h.number} is for ${h.to.name}. Only ${h.to.name} can accept or decline it.`;
  }
  return h.status === 'pending' ? undefined : `Handoff H${h.number} was already ${h.status}.`;
}

async function submitModal(
  deps: InteractionDeps,
  interaction: ModalSubmitInteraction,
  attempt: CommandAttempt,
) {
  const target = parseHandoffCustomId(interaction.customId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (target?.action !== 'reason') throw new Error(`unknown modal ${interaction.customId}`);
  const reason = interaction.fields.getTextInputValue(REASON_FIELD);
  await dispatch(deps, interaction, answerCommand(target, 'decline', reason), attempt);
}

function answerCommand(target: HandoffTarget, name: 'accept' | 'decline', reason?: string): Command {
  return validateCommand({
    name,
    handoff: target.handoff,
    incident: target.incident,
    ...(name === 'decline' ? { reason } : {}),
  });
}
