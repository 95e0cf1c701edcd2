// The core's front door, shared by every chat adapter (design §5.2): identity,
// parsing, dedupe, dispatch to one use-case per command, and the final error boundary.

import { decideDeliveryFailed } from '../domain/delivery-failures.ts';
import { platformRefs, type PlatformRefs } from './platform-refs.ts';
import type { Command } from '../commands/command-types.ts';
import { helpText, parseCommand, validateCommand } from '../commands/index.ts';
import { toHandoffError } from '../domain/errors.ts';
import { couldNotRead, READ_ONLY } from './failure-reply.ts';
import type { AppDeps } from './deps.ts';
import { findActor, resolveActor, type ActorRef } from './identity.ts';
import { resolveIncidentNumber } from './incident-context.ts';
import { toIncidentView, type IncidentView } from './incident-view.ts';
import { DuplicateDelivery, loadIncidentOrThrow, mutateIncident, runChange, saveChange } from './mutate.ts';
import { decideLinkRoom } from '../domain/lifecycle.ts';
import { privately, type Reply } from './reply.ts';
import { coordinate, readIncident, workOnSteps } from './use-cases/index.ts';
import type { VerifiedLink } from './answer-links.ts';
import {
  answerByLink,
  readAnswerLink,
  type AnswerByLinkResult,
  type AnswerForm,
  type AnswerLinkState,
} from './use-cases/answer-by-link.ts';
import { giveClientLink } from './use-cases/client-link.ts';
import { readMyWork, showMyWork, type MyWorkView } from './use-cases/my-work.ts';
import { openIncident } from './use-cases/open-incident.ts';
import type { IncidentRequest } from './use-cases/request.ts';
import { readRoomMessage } from './use-cases/room-message.ts';

export interface CommandInput {
  actor: ActorRef;
  /** Raw text, e.g. "handoff 2 @Sam disk full"; or `command` when the platform parsed typed options. */
  text?: string;
  command?: Command;
  /** The incident whose room the command was typed in, if any. */
  roomIncident?: number | undefined;
  /** Platform delivery id (Slack event_id, Discord interaction id): handled once. */
  idempotencyKey?: string | undefined;
}

export interface MessageInput {
  actor: ActorRef;
  text: string;
  roomIncident: number;
  idempotencyKey?: string | undefined;
  /** Messages the bot itself posted are never judged. */
  fromBot?: boolean;
}

type IncidentCommandName = Exclude<Command['name'], 'open' | 'help' | 'mine' | 'link'>;
type Handler = (deps: AppDeps, request: IncidentRequest<IncidentCommandName>) => Promise<Reply>;

const HANDLERS = {
  status: readIncident.showStatus,
  summary: readIncident.showSummary,
  'step.add': workOnSteps.addStep,
  'step.done': workOnSteps.completeStep,
  handoff: workOnSteps.proposeHandoff,
  accept: workOnSteps.acceptHandoff,
  decline: workOnSteps.declineHandoff,
  update: coordinate.postUpdate,
  resolve: coordinate.resolveIncident,
  reopen: coordinate.reopenIncident,
  severity: coordinate.changeSeverity,
} satisfies { [N in IncidentCommandName]: (deps: AppDeps, r: IncidentRequest<N>) => Promise<Reply> };

export interface HandoffApp {
  /** Runs one command; null when it was a duplicate delivery. Never throws. */
  handleCommand(input: CommandInput): Promise<Reply | null>;
  /** Reads a plain room message (blame guard); null when there is nothing to say. Never throws. */
  handleMessage(input: MessageInput): Promise<Reply | null>;
  /**
   * What is waiting on this person across their incidents (the console after /as, Slack's App
   * Home); null when they are not in the directory or it could not be read. Never throws.
   */
  myWork(actor: ActorRef): Promise<MyWorkView | null>;
  /** Records that the incident's room on a platform is this channel/thread (a timeline event). */
  linkRoom(incidentNumber: number, platform: string, roomId: string): Promise<void>;
  /** The incident whose room this is, if any. */
  incidentForRoom(platform: string, roomId: string): Promise<number | undefined>;
  /** A rendered read model for status messages and room membership; null if there is no such incident. */
  view(incidentNumber: number): Promise<IncidentView | null>;
  /**
   * Records that a platform could not reach this person in the incident (not in the server,
   * could not be invited): one timeline event per person, platform and reason, and the
   * coordinator is told once. Adding people goes person by person; this is how one failure
   * is reported without stopping the others.
   */
  reportUnreachable(
    incidentNumber: number,
    platform: string,
    personId: string,
    reason: string,
  ): Promise<void>;
  /** The platform's stored message references (status message, handoff requests), kept across restarts. */
  refs(platform: string): PlatformRefs;
  /** What a verified e-mail answer link is about, and whether it can still answer. Reads only. */
  readAnswerLink(link: VerifiedLink): Promise<AnswerLinkState>;
  /**
   * Answers the link's handoff as its addressee, exactly as /incident accept or decline would,
   * recorded "via e-mail"; a link works once. A refusal is a result and changes nothing;
   * throws only when the store fails.
   */
  answerByLink(link: VerifiedLink, form: AnswerForm): Promise<AnswerByLinkResult>;
}

export function createHandoffApp(deps: AppDeps): HandoffApp {
  /** `reading` names the read-only command under way, if it is one: its failure is worded as a read's. */
  async function boundary(
    what: string,
    work: () => Promise<Reply | null>,
    reading: () => string | undefined = () => undefined,
  ): Promise<Reply | null> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DuplicateDelivery) {
        deps.logger.info({ key: error.message }, 'duplicate delivery ignored');
        return null;
      }
      const failure = toHandoffError(error);
      if (failure.code === 'internal') deps.logger.error({ err: error, what }, 'command failed');
      const text = (failure.code === 'internal' && reading()) || failure.message;
      return { text, visibility: 'private', error: { code: failure.code } };
    }
  }

  async function run(input: CommandInput, seen: { command?: Command }): Promise<Reply | null> {
    const person = resolveActor(deps.directory(), input.actor);
    // A command object an adapter built is checked again here, so no platform can skip the
    // rules (control characters, number ranges) on its way to a use-case.
    const command = input.command ? validateCommand(input.command) : parseCommand(input.text ?? '');
    seen.command = command;
    const key = input.idempotencyKey;
    if (key && READ_ONLY.has(command.name)) {
      const fresh = await deps.store.autocommit((tx) => tx.claimKey(key, deps.clock.now()));
      if (!fresh) throw new DuplicateDelivery(key);
    }
    if (command.name === 'help') return privately(helpText(command.topic));
    if (command.name === 'mine') return showMyWork(deps, person);
    if (command.name === 'link') return giveClientLink(deps, person);
    if (command.name === 'open') return openIncident(deps, { person, command, idempotencyKey: key });
    const incidentNumber = await resolveIncidentNumber(deps, person, command.incident, input.roomIncident);
    const handler = HANDLERS[command.name as IncidentCommandName] as Handler;
    return handler(deps, {
      person,
      command,
      incidentNumber,
      idempotencyKey: READ_ONLY.has(command.name) ? undefined : key,
    });
  }

  return {
    handleCommand(input) {
      const seen: { command?: Command } = {};
      const reading = () =>
        seen.command && READ_ONLY.has(seen.command.name)
          ? couldNotRead(seen.command.name, seen.command.incident ?? input.roomIncident)
          : undefined;
      return boundary('command', () => run(input, seen), reading);
    },
    handleMessage: (input) =>
      boundary('message', async () => {
        if (input.fromBot) return null;
        // Chatter from someone outside the directory is not ours to judge, nor to answer:
        // telling them "I don't know you" on every line they type would be noise.
        const person = findActor(deps.directory(), input.actor);
        if (!person) return null;
        return readRoomMessage(deps, {
          person,
          text: input.text,
          incidentNumber: input.roomIncident,
          idempotencyKey: input.idempotencyKey,
        });
      }),
    async myWork(actor) {
      const person = findActor(deps.directory(), actor);
      if (!person) return null;
      try {
        return await readMyWork(deps, person);
      } catch (error) {
        deps.logger.error({ err: error }, 'could not read what is waiting on a person');
        return null;
      }
    },
    async linkRoom(incidentNumber, platform, roomId) {
      await mutateIncident(deps, incidentNumber, (incident, directory, now) =>
        incident.rooms[platform] === roomId
          ? []
          : decideLinkRoom({ directory, actorId: '', now }, platform, roomId),
      );
    },
    async incidentForRoom(platform, roomId) {
      return deps.store.autocommit((tx) => tx.incidentNumberForRoom(platform, roomId));
    },
    async view(incidentNumber) {
      const incident = await deps.store.autocommit((tx) => tx.loadIncident(incidentNumber));
      return incident ? toIncidentView(incident, deps.directory(), deps.clock.now()) : null;
    },
    async reportUnreachable(incidentNumber, platform, personId, reason) {
      await runChange(deps, `incident:${incidentNumber}`, async (tx, now) => {
        const incident = await loadIncidentOrThrow(tx, incidentNumber);
        const failure = { platform, personId, reason };
        const events = decideDeliveryFailed(await tx.timeline(incidentNumber), failure, now);
        return saveChange(tx, incident, incidentNumber, events);
      });
    },
    refs: (platform) => platformRefs(deps.store, deps.clock, platform),
    readAnswerLink: (link) => readAnswerLink(deps, link),
    answerByLink: (link, form) => answerByLink(deps, link, form),
  };
}
