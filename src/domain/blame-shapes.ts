// How people push work away, as shapes over the word lists in blame-phrases.json.
// A strong shape (denying ownership, blaming by possession, brushing off) is a deflection
// on its own. A weak one (telling someone to ring the host, calling it a server issue)
// counts only when the message does not also report work: "I'll ask the host" is work.

import lexicon from './blame-phrases.json' with { type: 'json' };
import { NO_PARTIES, type Parties } from './blame-parties.ts';
import { alt, clausesOf, normaliseForMatching, wholeWords, type Clause } from './blame-text.ts';

interface Shape {
  strong: boolean;
  /** What the label says when no named party is involved, e.g. "denies ownership". */
  says: string;
  regex: RegExp;
}

const L = Object.fromEntries(
  Object.entries(lexicon).map(([key, words]) => [key, Array.isArray(words) ? alt(words) : '']),
) as Record<keyof typeof lexicon, string>;
const WORD = "[a-z0-9']+";

/** "the DNS people", "your IT guy", "the host", "the developers'". */
const KIND = `(?:${L.determiners} +)?(?:${L.areaWords} +${L.groupNouns}|(?:${L.areaWords} +)?${L.agentNouns})`;

function partyPattern(parties: Parties, withPronouns: boolean): string {
  const names = [...parties.others.keys()];
  const named = names.length > 0 ? `${alt(names)}(?:'s +${L.groupNouns})?|` : '';
  return `(?<party>${named}${KIND}${withPronouns ? `|${L.pronouns}` : ''})`;
}

function shapesFor(parties: Parties): Shape[] {
  const party = partyPattern(parties, false);
  const partyOrPronoun = partyPattern(parties, true);
  const self = parties.self.length > 0 ? alt(parties.self) : '(?!)';
  const lead = `^ *(?:${L.imperativeLeads} +)*`;
  const area =
    parties.others.size > 0 ? `(?:${L.areaWords}|${alt([...parties.others.keys()])})` : L.areaWords;
  const shape = (strong: boolean, says: string, source: string): Shape => ({
    strong,
    says,
    regex: wholeWords(source),
  });
  return [
    shape(
      true,
      'denies ownership',
      `${L.negations} +(?:(?:a|an) +)?(?:${L.selfPossessives}|${self}) +(?:${WORD} +)?${L.ownNouns}`,
    ),
    shape(true, 'denies ownership', `${L.negations} +(?:${L.selfObjects}|${self})(?![a-z0-9'])`),
    shape(true, 'brushes it off', L.brushOffs),
    shape(true, 'points at another party', `${party}(?:'s|') +${L.blameNouns}`),
    shape(true, 'points at another party', `${L.otherPossessives} +${L.blameNouns}`),
    shape(false, 'points at another party', `${lead}(?:${L.contactVerbs}|blame) +${party}(?![a-z0-9'])`),
    shape(false, 'points at another party', `${lead}give +${party} +${L.givePhrases}`),
    shape(false, 'points at another party', `${lead}get +${party} +(?:on|onto) +it`),
    shape(
      false,
      'points at another party',
      `${party}(?![a-z0-9']) +(?:${L.modals} +)?${L.actionVerbs} +(?:it|that|this)`,
    ),
    shape(false, 'points at another party', `${party}(?![a-z0-9']) +${L.modals} +${L.actionVerbs}`),
    shape(false, 'points at another party', `${party}(?![a-z0-9']) +${L.brokeVerbs}`),
    shape(
      false,
      'points at another party',
      `${L.itIs} +(?:all +)?${L.pointingPrepositions} +${partyOrPronoun}(?![a-z0-9'])`,
    ),
    shape(false, 'points at another party', `${L.itIs} +${party} *$`),
    shape(false, 'points at another party', `for +${partyOrPronoun} +to +${L.actionVerbs}`),
    shape(
      false,
      'points at another party',
      `(?:on|at|from) +(?:${L.otherPossessives}|${party}(?:'s|')) +${L.sideNouns}`,
    ),
    shape(
      false,
      'points at another party',
      `${L.itIs} +(?:${L.otherPossessives}|${party}(?:'s|')) +${L.systemNouns}`,
    ),
    shape(false, 'points at another party', `${L.systemNouns} +(?:is|belongs +to) +${party}(?:'s|')? *$`),
    shape(
      false,
      "calls it another party's problem",
      `${L.itIs} +(?:(?:a|an|your|their) +)?(?<party>${area}) +(?:${WORD} +)?${L.problemNouns}`,
    ),
    shape(false, "calls it another party's problem", `^ *(?<party>${area}) +${L.problemNouns} *$`),
    shape(
      false,
      'says its own side is fine',
      `${L.ownSideFine} +(?:on|at|from|in) +${L.selfPossessives} +(?:side|end)`,
    ),
    shape(
      false,
      'says its own side is fine',
      `${L.selfPossessives} +(?:side|end)(?:'s| +${L.linkingVerbs}) +(?:${WORD} +)?${L.ownSideFine}`,
    ),
  ];
}

const FORWARD = wholeWords(L.forwardCues);
const DONE = wholeWords(L.doneCues);
const WORK_CLAUSE = new RegExp(`^ *${L.workClauses} *$`);
const PROGRESS = new RegExp(
  `(?:^ *|(?<![a-z0-9'])${L.progressSubjects} +(?:${WORD} +)?)(?!${L.notProgressVerbs}(?![a-z0-9]))[a-z]+ing(?![a-z0-9])`,
);

/** Work being done or about to be: it vetoes weak shapes anywhere in the message. */
function reportsOngoingWork(clauses: Clause[]): boolean {
  return clauses.some((c) => FORWARD.test(c.folded) || PROGRESS.test(c.folded) || WORK_CLAUSE.test(c.folded));
}

function label(shape: Shape, match: RegExpExecArray, clause: Clause, parties: Parties): string {
  const quote = clause.original.slice(match.index, match.index + match[0].length).trim();
  const partyText = match.groups?.['party'];
  if (partyText === undefined) return `${shape.says}: "${quote}"`;
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
  const shapes = shapesFor(parties).map((s) => ({ ...s, regex: new RegExp(s.regex.source, 'd') }));
  const hits = clauses.flatMap((clause) =>
    shapes.flatMap((shape) => {
      const match = shape.regex.exec(clause.folded);
      return match ? [{ shape, match, clause }] : [];
    }),
  );
  const strong = hits.find((h) => h.shape.strong);
  const ongoing = reportsOngoingWork(clauses);
  const weak = ongoing ? undefined : hits.find((h) => !h.shape.strong && !DONE.test(h.clause.folded));
  const hit = strong ?? weak;
  return hit && label(hit.shape, hit.match, hit.clause, parties);
}
