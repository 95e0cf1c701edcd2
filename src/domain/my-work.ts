// "What is waiting on me" (issue 15, item 3): one person's open steps, the handoffs they
// must answer and the offers of theirs still pending, across every incident they are in.
// A vendor in three incidents reads it in one place instead of three status messages.

import type { Directory } from './directory.ts';
import { nameOf, siteNameOf } from './directory-lookup.ts';
import { formatDuration } from './duration.ts';
import { incidentRef, type Handoff, type Incident, type Step } from './incident-types.ts';

interface Held {
  incident: Incident;
  step: Step;
}

interface Offer {
  incident: Incident;
  handoff: Handoff;
}

export interface MyWork {
  /** Steps the person owns that are not done, oldest hold first. */
  steps: Held[];
  /** Pending handoffs addressed to the person, oldest first: the longest wait comes first. */
  toAnswer: Offer[];
  /** Pending handoffs of the person's steps, or proposed by them, oldest first. */
  offered: Offer[];
}

const oldestFirst = (a: Offer, b: Offer) =>
  a.handoff.proposedAt.getTime() - b.handoff.proposedAt.getTime() ||
  a.incident.number - b.incident.number ||
  a.handoff.number - b.handoff.number;

/** Collects the person's work from the incidents that are not resolved. */
export function collectMyWork(personId: string, incidents: readonly Incident[]): MyWork {
  const live = incidents.filter((i) => i.status !== 'resolved');
  const pending = live.flatMap((incident) =>
    incident.handoffs.filter((h) => h.status === 'pending').map((handoff) => ({ incident, handoff })),
  );
  return {
    steps: live
      .flatMap((incident) => incident.steps.map((step) => ({ incident, step })))
      .filter(({ step }) => step.ownerId === personId && step.status !== 'done')
      .sort(
        (a, b) =>
          a.step.ownerSince.getTime() - b.step.ownerSince.getTime() ||
          a.incident.number - b.incident.number ||
          a.step.number - b.step.number,
      ),
    toAnswer: pending.filter(({ handoff }) => handoff.toId === personId).sort(oldestFirst),
    offered: pending
      .filter(({ handoff }) => handoff.fromId === personId || handoff.proposedById === personId)
      .filter(({ handoff }) => handoff.toId !== personId)
      .sort(oldestFirst),
  };
}

export function isNothingWaiting(work: MyWork): boolean {
  return work.steps.length + work.toAnswer.length + work.offered.length === 0;
}

const titleOf = (incident: Incident, handoff: Handoff) => {
  const title = incident.steps.find((s) => s.number === handoff.stepNumber)?.title;
  return title ? ` “${title}”` : '';
};

const since = (from: Date, now: Date) => formatDuration(now.getTime() - from.getTime());

function stepLine({ incident, step }: Held, directory: Directory, now: Date): string {
  const where = `${incidentRef(incident.number)} (${siteNameOf(directory, incident.siteId)})`;
  const doing = step.status === 'open' ? '' : `, ${step.status}`;
  return `  • ${where} step ${step.number}: ${step.title} (yours for ${since(step.ownerSince, now)}${doing})`;
}

// Who is waiting on the answer: the proposer, and the owner when the coordinator proposed.
function answerLine({ incident, handoff }: Offer, directory: Directory, now: Date): string {
  const proposer = nameOf(directory, handoff.proposedById);
  const owner = nameOf(directory, handoff.fromId);
  const whose = handoff.proposedById === handoff.fromId ? '' : ` (${owner}'s step)`;
  const ref = incidentRef(incident.number);
  return [
    `  ⏳ ${ref} H${handoff.number}: step ${handoff.stepNumber}${titleOf(incident, handoff)}${whose}, offered by ${proposer} ${since(handoff.proposedAt, now)} ago; ${proposer} is waiting for your answer.`,
    `     Answer: /incident ${ref} accept H${handoff.number}, or /incident ${ref} decline H${handoff.number} <why>`,
  ].join('\n');
}

function offeredLine(
  { incident, handoff }: Offer,
  directory: Directory,
  now: Date,
  personId: string,
): string {
  const to = nameOf(directory, handoff.toId);
  const by = handoff.proposedById === personId ? '' : ` by ${nameOf(directory, handoff.proposedById)}`;
  const owner =
    handoff.fromId === personId ? 'you still own it' : `${nameOf(directory, handoff.fromId)} still owns it`;
  return `  → ${incidentRef(incident.number)} H${handoff.number}: step ${handoff.stepNumber}${titleOf(incident, handoff)} offered${by} to ${to} ${since(handoff.proposedAt, now)} ago; not answered yet, so ${owner}.`;
}

/**
 * The block shown by /incident mine, the console after /as and Slack's App Home, addressed
 * to the person by their preferred name. Sections with nothing in them are left out.
 */
export function renderMyWork(personId: string, work: MyWork, directory: Directory, now: Date): string {
  const name = nameOf(directory, personId);
  if (isNothingWaiting(work))
    return `Nothing is waiting on you, ${name}: no open steps and no handoffs to answer.`;
  const sections = [
    work.steps.length ? ['Your open steps:', ...work.steps.map((h) => stepLine(h, directory, now))] : [],
    work.toAnswer.length
      ? [
          'Waiting for your answer (oldest first):',
          ...work.toAnswer.map((o) => answerLine(o, directory, now)),
        ]
      : [],
    work.offered.length
      ? ['Your offers still pending:', ...work.offered.map((o) => offeredLine(o, directory, now, personId))]
      : [],
  ];
  return [`${name}, here is what is waiting on you:`, ...sections.flat()].join('\n');
}
