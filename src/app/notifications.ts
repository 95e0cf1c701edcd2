// What each affected person is told after a change, derived from its events.
// Every message addresses its reader by their own preferred name (design §1.3), and
// nobody is notified of their own action: they already got the command's reply.

import type { Directory } from '../domain/directory.ts';
import { nameOf, siteNameOf } from '../domain/directory-lookup.ts';
import { formatDuration } from '../domain/duration.ts';
import {
  findHandoff,
  incidentRef,
  severityRaised,
  type Incident,
  type ParticipantRole,
} from '../domain/incident-types.ts';
import { proposerOf } from '../domain/handoffs.ts';
import { couldNotReach, viaWords } from '../domain/timeline-text.ts';
import type { TimelineEvent } from '../domain/timeline-types.ts';
import type { Change } from './mutate.ts';
import type { ClientLinks, Notification } from './ports.ts';

const ROLE_WORDS: Record<ParticipantRole, string> = {
  coordinator: 'You coordinate it: steps, handoffs and client updates go through you.',
  it: 'You are here as IT.',
  vendor: 'You are here for the vendor side.',
  client: 'You will get updates here.',
  observer: 'You are observing.',
};

/** Who works the outage and may read the provider's internal runbook (design §2 Audiences). */
const RUNBOOK_ROLES: ReadonlySet<ParticipantRole> = new Set(['coordinator', 'it', 'vendor']);

/** What the site carries for an outage: the runbook for those who work it, the fallback for all. */
export function siteBriefing(incident: Incident, directory: Directory, role: ParticipantRole): string[] {
  const site = directory.sites.find((s) => s.id === incident.siteId);
  const lines: string[] = [];
  if (site?.runbook && RUNBOOK_ROLES.has(role)) lines.push(`Runbook: ${site.runbook.trim()}`);
  if (site?.fallback) lines.push(`Fallback: ${site.fallback.trim()}`);
  return lines;
}

function greeting(
  incident: Incident,
  directory: Directory,
  personId: string,
  role: ParticipantRole,
  opening: boolean,
  links: ClientLinks | undefined,
): string {
  const site = siteNameOf(directory, incident.siteId);
  const ref = incidentRef(incident.number);
  const reporter = nameOf(directory, incident.reporterId);
  const coordinates =
    role === 'coordinator' ? '' : `${nameOf(directory, incident.coordinatorId)} coordinates. `;
  const head = opening
    ? `Hi ${nameOf(directory, personId)}, ${reporter} reported an outage: ${ref} "${incident.title}" on ${site} (${incident.severity}). ${coordinates}${ROLE_WORDS[role]}`
    : `Hi ${nameOf(directory, personId)}, you have been added to ${ref} "${incident.title}" on ${site}. ${coordinates}${ROLE_WORDS[role]}`;
  // A client contact gets their own read-only page with the greeting (issue 15), when the pages are on.
  const clientId = directory.people.find((p) => p.id === personId)?.organisationId;
  const page = role === 'client' && clientId ? links?.clientUrl(clientId) : undefined;
  const pageLine = page ? [`Follow it on your read-only page: ${page}`] : [];
  return [head, ...siteBriefing(incident, directory, role), ...pageLine].join('\n');
}

type Draft = { to: string; text: string; handoff?: number };

function draftsFor(
  e: TimelineEvent,
  incident: Incident,
  directory: Directory,
  opening: boolean,
  links: ClientLinks | undefined,
): Draft[] {
  const ref = incidentRef(incident.number);
  const name = namer(directory);
  const everyone = incident.participants.map((p) => p.personId);
  const coordinator = incident.coordinatorId;
  switch (e.type) {
    case 'participant.joined':
      return [
        {
          to: e.payload.personId,
          text: greeting(incident, directory, e.payload.personId, e.payload.role, opening, links),
        },
      ];
    case 'incident.report_joined':
      return [{ to: coordinator, text: `${name(e.actorId)} also reported ${ref}: "${e.payload.text}"` }];
    case 'handoff.proposed':
      return proposalDrafts(e, incident, directory);
    case 'handoff.accepted':
    case 'handoff.declined':
    case 'handoff.expired':
      return answerDrafts(e, incident, directory);
    case 'handoff.reminded':
    case 'handoff.escalated':
      return reminderDrafts(e, incident, directory);
    case 'update.reminded':
      return [
        {
          to: e.payload.coordinatorId,
          text: `${name(e.payload.coordinatorId)}, time for a client update on ${ref} ("${incident.title}"): tell the client contacts where things stand with /incident update <text>.`,
        },
      ];
    case 'step.done':
      return [
        {
          to: coordinator,
          text: `${name(coordinator)}, ${name(e.actorId)} marked step ${e.payload.step} of ${ref} done.`,
        },
      ];
    case 'update.posted':
      return incident.participants
        .filter((p) => p.role === 'client')
        .map((p) => ({
          to: p.personId,
          text: `${name(p.personId)}, an update on ${ref} from ${name(e.actorId)}: ${e.payload.text}`,
        }));
    case 'incident.resolved':
      return everyone.map((to) => ({ to, text: `${name(to)}, ${ref} is resolved: ${e.payload.summary}` }));
    case 'incident.severity_changed': {
      const { from, to } = e.payload;
      const verb = severityRaised(from, to) ? 'raised' : 'lowered';
      return everyone.map((who) => ({
        to: who,
        text: `${name(who)}, ${name(e.actorId)} ${verb} ${ref} to ${to} (was ${from}).`,
      }));
    }
    case 'delivery.failed':
      return [
        { to: coordinator, text: `${name(coordinator)}, Handoff ${couldNotReach(e.payload, directory)}.` },
      ];
    case 'incident.reopened':
      return everyone.map((to) => ({
        to,
        text: `${name(to)}, ${ref} was reopened by ${name(e.actorId)}: ${e.payload.reason}`,
      }));
    default:
      return [];
  }
}

/** A person's name; a system event (no actor) speaks as Handoff. */
const namer = (directory: Directory) => (id: string | null) => (id ? nameOf(directory, id) : 'Handoff');

/** The offer, to the addressee; and when the coordinator made it, a word to the step's owner. */
function proposalDrafts(
  e: Extract<TimelineEvent, { type: 'handoff.proposed' }>,
  incident: Incident,
  directory: Directory,
): Draft[] {
  const ref = incidentRef(incident.number);
  const name = namer(directory);
  const p = e.payload;
  const by = proposerOf(e);
  const step = incident.steps.find((s) => s.number === p.step);
  // The note is its author's; the step stays its owner's: never one name for both.
  const offer =
    by === p.fromId
      ? `${name(by)} wants to hand you step ${p.step}`
      : `${name(by)}, the coordinator, offers you ${name(p.fromId)}'s step ${p.step}`;
  const ask =
    `${name(p.toId)}, ${offer} of ${ref} ("${step?.title ?? ''}").\n` +
    `What ${name(by)} saw and did: ${p.note}\n` +
    `Accept: /incident accept H${p.handoff}   Decline: /incident decline H${p.handoff} <reason>\n` +
    `Until you accept, ${name(p.fromId)} still owns it.`;
  const drafts: Draft[] = [{ to: p.toId, text: ask, handoff: p.handoff }];
  if (by !== p.fromId) {
    drafts.push({
      to: p.fromId,
      text: `${name(p.fromId)}, ${name(by)} offered your step ${p.step} of ${ref} to ${name(p.toId)} (H${p.handoff}). It stays yours until ${name(p.toId)} accepts.`,
    });
  }
  return drafts;
}

/** An offer accepted, declined or closed: told to the sender, the proposer and the coordinator. */
function answerDrafts(
  e: Extract<TimelineEvent, { type: 'handoff.accepted' | 'handoff.declined' | 'handoff.expired' }>,
  incident: Incident,
  directory: Directory,
): Draft[] {
  const ref = incidentRef(incident.number);
  const name = namer(directory);
  const coordinator = incident.coordinatorId;
  const h = findHandoff(incident, e.payload.handoff);
  switch (e.type) {
    case 'handoff.accepted': {
      const p = e.payload;
      const text = (who: string) =>
        `${name(who)}, ${name(p.toId)} accepted H${p.handoff}${viaWords(p.via)}: step ${p.step} of ${ref} is now ${name(p.toId)}'s.`;
      return [p.fromId, h?.proposedById ?? p.fromId, coordinator].map((to) => ({ to, text: text(to) }));
    }
    case 'handoff.declined': {
      const from = h?.fromId ?? coordinator;
      const text = (who: string) =>
        `${name(who)}, ${name(e.actorId)} declined H${e.payload.handoff} (step ${e.payload.step} of ${ref})${viaWords(e.payload.via)}: "${e.payload.reason}". Step ${e.payload.step} stays with ${name(from)}.`;
      return [from, h?.proposedById ?? from, coordinator].map((to) => ({ to, text: text(to) }));
    }
    case 'handoff.expired':
      if (!h) return [];
      return [h.toId, h.fromId, h.proposedById].map((to) => ({
        to,
        text: `${name(to)}, handoff H${h.number} of ${ref} is closed: ${e.payload.reason}`,
      }));
  }
}

/** A reminder goes to the addressee by name; an escalation to the coordinator, naming who is silent. */
function reminderDrafts(
  e: Extract<TimelineEvent, { type: 'handoff.reminded' | 'handoff.escalated' }>,
  incident: Incident,
  directory: Directory,
): Draft[] {
  const h = findHandoff(incident, e.payload.handoff);
  if (!h) return [];
  const ref = incidentRef(incident.number);
  const name = (id: string) => nameOf(directory, id);
  const title = incident.steps.find((s) => s.number === h.stepNumber)?.title ?? '';
  const waiting = formatDuration(e.at.getTime() - h.proposedAt.getTime());
  if (e.type === 'handoff.reminded') {
    const whose = h.proposedById === h.fromId ? 'step' : `${name(h.fromId)}'s step`;
    const text =
      `${name(h.toId)}, a reminder: ${name(h.proposedById)} has been waiting ${waiting} for your answer to H${h.number}, ${whose} ${h.stepNumber} of ${ref} ("${title}").\n` +
      `Accept: /incident accept H${h.number}   Decline: /incident decline H${h.number} <reason>\n` +
      `Until you answer, ${name(h.fromId)} still owns it.`;
    return [{ to: h.toId, text, handoff: h.number }];
  }
  const text =
    `${name(e.payload.coordinatorId)}, escalation: ${name(h.toId)} has not answered H${h.number} (step ${h.stepNumber} of ${ref}, "${title}") for ${waiting}, even after a reminder. ` +
    `Step ${h.stepNumber} is still ${h.fromId === e.payload.coordinatorId ? 'yours' : `${name(h.fromId)}'s`}. Chase ${name(h.toId)}, or offer the step to someone else with /incident handoff ${h.stepNumber} @person <what was seen and done>.`;
  return [{ to: e.payload.coordinatorId, text }];
}

export function notificationsFor(change: Change, directory: Directory, links?: ClientLinks): Notification[] {
  const opening = change.before === null;
  const { incident } = change;
  const out: Notification[] = [];
  for (const e of change.events) {
    for (const d of draftsFor(e, incident, directory, opening, links)) {
      if (d.to === e.actorId || out.some((n) => n.personId === d.to && n.text === d.text)) continue;
      out.push({
        personId: d.to,
        personName: nameOf(directory, d.to),
        incidentNumber: incident.number,
        text: d.text,
        ...(d.handoff ? { handoff: { incidentNumber: incident.number, number: d.handoff } } : {}),
      });
    }
  }
  return out;
}
