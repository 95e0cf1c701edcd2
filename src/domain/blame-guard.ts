// The blame guard (design §2): a step owner who deflects in the incident room gets a
// calm reminder that the step is theirs until a handoff is accepted, and, when an offer
// is already out, that it is still waiting.

import { partiesOf } from './blame-parties.ts';
import { findDeflection } from './blame-shapes.ts';
import { nameOf } from './directory-lookup.ts';
import type { Directory } from './directory.ts';
import { pendingHandoffFor } from './handoffs.ts';
import type { Incident, Step } from './incident-types.ts';
import type { DecisionContext } from './open-incident.ts';
import type { NewEvent } from './timeline-types.ts';
import { listAnd } from './text.ts';

export { findDeflection } from './blame-shapes.ts';
export { normaliseForMatching } from './blame-text.ts';

export interface BlameVerdict {
  events: NewEvent[];
  /** The calm reply to post, addressed to the person by name. */
  reply?: string;
}

export function decideBlameCheck(ctx: DecisionContext, incident: Incident, text: string): BlameVerdict {
  if (incident.status === 'resolved') return { events: [] };
  const owned = incident.steps.filter((s) => s.ownerId === ctx.actorId && s.status !== 'done');
  if (owned.length === 0) return { events: [] };
  const phrase = findDeflection(text, partiesOf(ctx.directory, incident, ctx.actorId));
  if (!phrase) return { events: [] };
  const steps = owned.map((s) => s.number);
  return {
    events: [{ at: ctx.now, actorId: ctx.actorId, type: 'blame.flagged', payload: { steps, phrase, text } }],
    reply: blameReply(ctx.directory, incident, ctx.actorId, owned),
  };
}

/** "1", "1 and 2", "1, 2 and 4". */

function stepsPhrase(steps: readonly Step[]): string {
  return steps.length === 1 ? `step ${steps[0]!.number}` : `steps ${listAnd(steps.map((s) => s.number))}`;
}

function blameReply(directory: Directory, incident: Incident, actorId: string, owned: Step[]): string {
  const only = owned.length === 1 ? owned[0]! : undefined;
  const head = only
    ? `${nameOf(directory, actorId)}, step ${only.number} ("${only.title}") is still yours.`
    : `${nameOf(directory, actorId)}, ${stepsPhrase(owned)} are still yours.`;
  const sentences = [head];
  const free: Step[] = [];
  for (const step of owned) {
    const offer = pendingHandoffFor(incident, step.number);
    if (!offer) {
      free.push(step);
      continue;
    }
    const to = nameOf(directory, offer.toId);
    sentences.push(
      only
        ? `The offer to ${to} (H${offer.number}) is still waiting; the step stays yours until ${to} accepts.`
        : `The offer of step ${step.number} to ${to} (H${offer.number}) is still waiting; it stays yours until ${to} accepts.`,
    );
  }
  if (free.length > 0) {
    const which = only ? 'it' : stepsPhrase(free);
    const pronoun = free.length === 1 ? 'it' : 'them';
    sentences.push(
      `If someone else should take ${which}, hand ${pronoun} off with what you saw and what you did: ` +
        `/incident handoff ${free[0]!.number} @person <what you saw and did>. ` +
        `Until they accept, ${free.length === 1 ? 'it stays' : 'they stay'} with you.`,
    );
  }
  return sentences.join(' ');
}
