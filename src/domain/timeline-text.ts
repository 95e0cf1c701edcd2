// One plain sentence per timeline event, for the paper trail the client and the owner
// read on the web (design §1.5, §1.8). Names, never ids.

import type { Directory } from './directory.ts';
import { nameOf } from './directory-lookup.ts';
import { proposerOf } from './handoffs.ts';
import { severityRaised } from './incident-types.ts';
import { listAnd } from './text.ts';
import type { AnswerChannel, PayloadOf, TimelineEvent } from './timeline-types.ts';

/** " Left open: steps 1 and 2; H4 unanswered (closed on resolve)." or nothing. */
function leftOpen(p: PayloadOf<'incident.resolved'>): string {
  const steps = p.openSteps ?? [];
  const handoffs = p.unansweredHandoffs ?? [];
  const parts = [
    ...(steps.length ? [`${steps.length === 1 ? 'step' : 'steps'} ${listAnd(steps.map(String))}`] : []),
    ...(handoffs.length ? [`${listAnd(handoffs.map((h) => `H${h}`))} unanswered (closed on resolve)`] : []),
  ];
  return parts.length ? ` Left open: ${parts.join('; ')}.` : '';
}

/** " via e-mail" for an answer given outside chat; nothing for a chat answer. */
export function viaWords(via: AnswerChannel | undefined): string {
  return via === 'email' ? ' via e-mail' : '';
}

export function describeEvent(e: TimelineEvent, directory: Directory): string {
  const name = (id: string) => nameOf(directory, id);
  const actor = e.actorId ? name(e.actorId) : 'Handoff';
  switch (e.type) {
    case 'incident.opened':
      return `${actor} opened the incident (${e.payload.severity}): "${e.payload.title}". ${name(e.payload.coordinatorId)} coordinates.`;
    case 'incident.report_joined':
      return `${actor} reported it too: "${e.payload.text}"`;
    case 'participant.joined':
      return `${name(e.payload.personId)} joined as ${e.payload.role}.`;
    case 'room.linked':
      return `The incident room on ${e.payload.platform} was linked.`;
    case 'step.added':
      return `${actor} added step ${e.payload.step} "${e.payload.title}", owned by ${name(e.payload.ownerId)}.`;
    case 'step.done':
      return `${actor} marked step ${e.payload.step} done.`;
    case 'handoff.proposed': {
      const p = e.payload;
      const by = proposerOf(e);
      const whose = by === p.fromId ? 'step' : `${name(p.fromId)}'s step`;
      return `${name(by)} offered ${whose} ${p.step} to ${name(p.toId)} (H${p.handoff}). What ${name(by)} saw and did: "${p.note}"`;
    }
    case 'handoff.accepted':
      return `${name(e.payload.toId)} accepted H${e.payload.handoff}${viaWords(e.payload.via)}: step ${e.payload.step} is now theirs.`;
    case 'handoff.declined':
      return `${actor} declined H${e.payload.handoff} (step ${e.payload.step})${viaWords(e.payload.via)}: "${e.payload.reason}"`;
    case 'handoff.expired':
      return `H${e.payload.handoff} (step ${e.payload.step}) was closed: ${e.payload.reason}`;
    case 'handoff.reminded':
      return `Reminded ${name(e.payload.toId)} of the unanswered H${e.payload.handoff} (step ${e.payload.step}).`;
    case 'handoff.escalated':
      return `H${e.payload.handoff} (step ${e.payload.step}) is still unanswered: escalated to ${name(e.payload.coordinatorId)}.`;
    case 'blame.flagged':
      return `The blame guard answered ${actor} ("${e.payload.phrase}").`;
    case 'update.posted':
      return `${actor} updated the client: "${e.payload.text}"`;
    case 'update.reminded':
      return `Reminded ${name(e.payload.coordinatorId)} to update the client.`;
    case 'incident.resolved': {
      const left = leftOpen(e.payload);
      return `${actor} resolved the incident: "${e.payload.summary}"${left ? `.${left}` : ''}`;
    }
    case 'incident.severity_changed': {
      const raised = severityRaised(e.payload.from, e.payload.to);
      return `${actor} ${raised ? 'raised' : 'lowered'} the severity from ${e.payload.from} to ${e.payload.to}.`;
    }
    case 'incident.reopened':
      return `${actor} reopened the incident: "${e.payload.reason}"`;
    case 'delivery.failed':
      return deliveryFailure(e.payload, directory);
  }
}

/** "Could not reach Sam on Discord: not in the server." */
function deliveryFailure(p: PayloadOf<'delivery.failed'>, directory: Directory): string {
  return `C${couldNotReach(p, directory).slice(1)}.`;
}

/** "could not reach Sam on Discord: not in the server" (the coordinator's message says it too). */
export function couldNotReach(p: PayloadOf<'delivery.failed'>, directory: Directory): string {
  const whom = p.personId ? nameOf(directory, p.personId) : 'the incident room';
  return `could not reach ${whom} on ${platformName(p.platform)}: ${p.reason}`;
}

/** The platform as people call it. */
export function platformName(platform: string): string {
  const names: Record<string, string> = {
    slack: 'Slack',
    discord: 'Discord',
    console: 'the console',
    web: "the owners' pages",
  };
  return names[platform] ?? platform;
}
