// How people push work away, as shapes over the word lists in blame-phrases.json.
// A strong shape (denying ownership, blaming by possession, brushing off) is a deflection
// on its own. A weak one (telling someone to ring the host, calling it a server issue)
// counts only when the message does not also report work: "I'll ask the host" is work.

import { NO_PARTIES, type Parties } from './blame-parties.ts';
import { L, WORD, shapesFor, type Shape } from './blame-patterns.ts';
import { clausesOf, normaliseForMatching, wholeWords, type Clause } from './blame-text.ts';

const FORWARD = wholeWords(L.forwardCues);
const DONE = wholeWords(L.doneCues);
const PRONOUN = new RegExp(`^ *${L.pronouns} *$`);
const WORK_CLAUSE = new RegExp(`^ *${L.workClauses} *$`);
const PROGRESS = new RegExp(
  `(?:^ *|(?<![a-z0-9'])${L.progressSubjects} +(?:(?!not |never )${WORD} +)?)(?!${L.notProgressVerbs}(?![a-z0-9]))[a-z]+ing(?![a-z0-9])`,
);
/** Someone else's work told as done ("he renewed them this morning"): the message reports, it does not push. */
const REPORTED = new RegExp(
  `(?<![a-z0-9'])${L.subjectPronouns}(?:'ve| +have| +has)? +(?:already +|just +)?[a-z]+ed +(?:it|them|that|this)(?![a-z0-9'])`,
);

/**
 * Work being done or about to be: it vetoes weak shapes anywhere in the message.
 * A negated "-ing" ("I'm not touching that") refuses work rather than reporting it.
 */
function reportsOngoingWork(clauses: Clause[]): boolean {
  return clauses.some(
    (c) =>
      FORWARD.test(c.folded) ||
      PROGRESS.test(c.folded) ||
      WORK_CLAUSE.test(c.folded) ||
      REPORTED.test(c.folded),
  );
}

/**
 * The clause without what the shape matched: a "done" word inside the deflection itself
 * ("have you *tried* asking the host", "*whoever deployed* it should own it",
 * "ask BrightDesk what they *deployed*") is not a report of work.
 */
function outsideMatch(match: RegExpExecArray, clause: Clause): string {
  const end = match.index + match[0].length;
  return clause.folded.slice(0, match.index) + ' '.repeat(match[0].length) + clause.folded.slice(end);
}

/** A "done" word vetoes a weak shape in its own clause, or anywhere for a shape that is only context. */
function reportsDone(
  hit: { shape: Shape; match: RegExpExecArray; clause: Clause },
  clauses: Clause[],
): boolean {
  if (hit.shape.past) return false;
  if (DONE.test(outsideMatch(hit.match, hit.clause))) return true;
  return !!hit.shape.context && clauses.some((c) => c !== hit.clause && DONE.test(c.folded));
}

function label(shape: Shape, match: RegExpExecArray, clause: Clause, parties: Parties): string {
  const quote = clause.original.slice(match.index, match.index + match[0].length).trim();
  const partyText = match.groups?.['party'];
  if (partyText === undefined || PRONOUN.test(partyText)) return `${shape.says}: "${quote}"`;
  const named = parties.others.get(normaliseForMatching(partyText).replace(/'s .*$/, ''));
  if (named) return `points at ${named}: "${quote}"`;
  if (shape.says.startsWith('calls')) return `${shape.says}: "${quote}"`;
  const [start, end] = match.indices?.groups?.['party'] ?? [match.index, match.index];
  // A kind as written, but "The hosting people" reads as "the hosting people" mid-sentence.
  const shown = clause.original
    .slice(start, end)
    .trim()
    .replace(/^[A-Z](?=[a-z]* )/, (c) => c.toLowerCase());
  return `points at ${shown}: "${quote}"`;
}

/**
 * What in the text deflects, as an explainable label (`points at CloudNest: "CloudNest's mess"`),
 * or undefined. `parties` are the incident's other parties, so names count as pointing.
 */
export function findDeflection(text: string, parties: Parties = NO_PARTIES): string | undefined {
  const clauses = clausesOf(text);
  const shapes = shapesFor(parties);
  const hits = clauses.flatMap((clause) =>
    shapes.flatMap((shape) => {
      if (shape.question && (shape.question === 'only') !== clause.question) return [];
      const match = shape.regex.exec(clause.folded);
      return match ? [{ shape, match, clause }] : [];
    }),
  );
  const strong = hits.find((h) => h.shape.strong);
  const ongoing = reportsOngoingWork(clauses);
  const weak = ongoing ? undefined : hits.find((h) => !h.shape.strong && !reportsDone(h, clauses));
  const hit = strong ?? weak;
  return hit && label(hit.shape, hit.match, hit.clause, parties);
}
