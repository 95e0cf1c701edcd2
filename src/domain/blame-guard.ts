// The blame guard (design §2): a step owner who deflects in the incident room gets a
// calm reminder that the step is theirs until a handoff is accepted.

import phraseFile from './blame-phrases.json' with { type: 'json' };
import { nameOf } from './directory-lookup.ts';
import type { Incident } from './incident-types.ts';
import type { DecisionContext } from './open-incident.ts';
import type { NewEvent } from './timeline-types.ts';

/** Lowercase, straight quotes, punctuation as spaces, single-spaced: "That’s a SERVER issue!" → "that's a server issue". */
export function normaliseForMatching(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const PHRASES = phraseFile.phrases.map(normaliseForMatching).sort((a, b) => b.length - a.length);

/** The longest deflecting phrase in the text, or undefined. */
export function findDeflection(text: string, phrases: readonly string[] = PHRASES): string | undefined {
  const padded = ` ${normaliseForMatching(text)} `;
  return phrases.find((phrase) => padded.includes(` ${phrase} `));
}

export interface BlameVerdict {
  events: NewEvent[];
  /** The calm reply to post, addressed to the person by name. */
  reply?: string;
}

export function decideBlameCheck(ctx: DecisionContext, incident: Incident, text: string): BlameVerdict {
  if (incident.status === 'resolved') return { events: [] };
  const owned = incident.steps.filter((s) => s.ownerId === ctx.actorId && s.status !== 'done');
  if (owned.length === 0) return { events: [] };
  const phrase = findDeflection(text);
  if (!phrase) return { events: [] };
  const steps = owned.map((s) => s.number);
  const first = owned[0]!;
  const name = nameOf(ctx.directory, ctx.actorId);
  const which = steps.length === 1 ? `step ${first.number} ("${first.title}")` : `steps ${steps.join(', ')}`;
  const reply =
    `${name}, ${which} is still yours. If someone else should take it, hand it off with what you saw and what you did: ` +
    `/incident handoff ${first.number} @person <what you saw and did>. Until they accept, it stays with you.`;
  return {
    events: [{ at: ctx.now, actorId: ctx.actorId, type: 'blame.flagged', payload: { steps, phrase, text } }],
    reply,
  };
}
