// The shapes of deflection, built from the word lists in blame-phrases.json. Each shape is a
// way of speaking, not a phrase: a party (named from the directory, a kind such as "the host",
// any "the X team/side/folks", or "you"), put in a grammatical role that pushes work at it.
// Handing work on and opting out of it are in blame-handing-on.ts.

import { handingOn, optingOut } from './blame-handing-on.ts';
import {
  ACT,
  BE_ONE,
  END,
  L,
  NOT_HOLDING,
  WORD,
  lexicon,
  partyPattern,
  shape,
  type Shape,
} from './blame-lexicon.ts';
import type { Parties } from './blame-parties.ts';
import { alt, verbForms } from './blame-text.ts';

export { L, WORD, type Shape } from './blame-lexicon.ts';

const REFUSED = verbForms(lexicon.refusedDoings);

/** Denying it for oneself, or refusing to do it: "not on our plate", "I'm not touching that". */
function denials(self: string): Shape[] {
  const subject = `(?:^ *|(?:i|we|i'm|we're|i am|we are|i'll|we'll|i'd) +)`;
  return [
    shape(
      true,
      'denies ownership',
      // "not our problem", and "not our DNS": denying that the system in question is ours.
      `${L.negations} +(?:(?:a|an) +)?(?:${L.selfPossessives}|${self}) +(?:${WORD} +)?(?:${L.ownNouns}|${L.systemNouns})`,
    ),
    shape(true, 'denies ownership', `${L.negations} +(?:${L.selfObjects}|${self})${END}`),
    shape(true, 'brushes it off', L.brushOffs),
    shape(
      true,
      'denies ownership',
      `${L.rhetoricalHow} +(?:this|that|it) +(?:be +)?(?:(?:${L.selfPossessives}|${self}) +(?:${WORD} +)?${L.ownNouns}|(?:on|for|down +to) +(?:${L.selfObjects}|${self}))${END}`,
    ),
    shape(
      false,
      'refuses the work',
      `${subject}${L.refusalNegations} +(?:be +)?(?:going +to +|gonna +)?(?:be +)?${REFUSED}${END}${NOT_HOLDING}`,
    ),
    // Not doing something on another's behalf: "I'm not rewriting your plugin for you".
    shape(
      false,
      'refuses the work',
      `${subject}${L.refusalNegations} +(?:going +to +|gonna +)?(?:be +)?(?:${WORD} +){1,5}(?:for|on +behalf +of) +(?:you|them|him|her|${self})${END}${NOT_HOLDING}`,
    ),
  ];
}

/** Pointing the work or the blame at another party, by name, kind or "you". */
function pointing(party: string, partyOrPronoun: string, partyOrThem: string, lead: string): Shape[] {
  const points = 'points at another party';
  // The clause ends there ("talk to them, not me"), or goes on to what to ask ("ask BrightDesk what they deployed").
  const tail = `(?:(?: +${L.clauseTails})* *$| +${L.askWords}${END}.*$)`;
  const redirect = `(?:(?:it|this|that|this one|that one|them|a ticket|a case|the ticket) +)?(?:(?:over|across|back|on|up|along)(?: +the +fence)? +)?(?:(?:to|with|onto|at) +)?`;
  return [
    shape(true, points, `${party}(?:'s|') +${L.blameNouns}`),
    shape(true, points, `${L.otherPossessives} +${L.blameNouns}`),
    shape(false, points, `your +${L.blameNouns}`, 'never'),
    shape(false, points, `${lead}(?:${L.contactVerbs}|blame) +${redirect}${partyOrThem}${tail}`),
    shape(
      false,
      points,
      `${lead}${L.gerundLeads} +${verbForms(lexicon.contactVerbs)} +${redirect}${partyOrThem}${tail}`,
    ),
    shape(
      true,
      points,
      `${verbForms(lexicon.referVerbs)} +you +(?:over +|back +)?(?:at|to|towards) +${party}(?!['a-z0-9])`,
    ),
    shape(false, points, `${lead}(?:give|drop|send|fire|bung|shoot) +${party} +${L.givePhrases}`),
    shape(false, points, `${lead}get +${party} +(?:on|onto) +it`),
    shape(false, points, `${lead}(?:let|get) +${partyOrThem} +(?:to +)?${ACT}${END}`),
    // "Have the agency look at it": only the bare verb, so "Have CloudNest checked the disk?" asks.
    shape(false, points, `${lead}(?:have|make) +${party} +${L.actionVerbs}${END}`, 'never'),
    shape(false, points, `${party}${END} +(?:${L.modals} +)?(?:be +)?${ACT} +(?:it|that|this)`),
    shape(false, points, `${party}${END} +${L.modals} +${BE_ONE}${ACT}${END}`),
    shape(false, points, `${party}${END} +${L.brokeVerbs}`),
    shape(false, points, `(?:^ *|(?:so|then|and) +)you +(?:${L.modals} +)?(?:${ACT}|${L.brokeVerbs})${END}`),
    shape(
      false,
      points,
      `${L.itIs} +(?:all +)?(?:(?:a|an|one) +(?:${WORD} +)?${L.problemNouns} +)?${L.pointingPrepositions} +${partyOrPronoun}${END}`,
    ),
    shape(false, points, `${L.itIs} +${party} *$`),
    shape(false, points, `for +${partyOrPronoun} +to +${ACT}${END}`),
    shape(
      false,
      points,
      `(?:[a-z]+'s|${L.copulas})(?: +${L.copulaAdverbs})* +${L.copulaPrepositions} +${partyOrPronoun}(?: +${L.clauseTails})* *$`,
    ),
    shape(false, points, `(?:on|at|from) +(?:${L.otherPossessives}|${party}(?:'s|')) +${L.sideNouns}`),
    shape(false, points, `(?:on|at|from) +your +${L.sideNouns}`, 'never'),
    shape(false, points, `${L.itIs} +(?:${L.otherPossessives}|your|${party}(?:'s|')) +${L.systemNouns}`),
    {
      ...shape(
        false,
        points,
        `${L.systemNouns} +(?:is|are|belongs +to) +(?:${party}(?:'s|')?|his|hers|theirs|yours) *$`,
      ),
      context: true,
    },
  ];
}

/** Blaming the past, and questions that are really instructions: "CloudNest should have caught that". */
function blamingAndAsking(party: string, partyOrPronoun: string): Shape[] {
  const blames = 'blames another party';
  const participle = `(?:${L.pastParticiples}|[a-z]+ed)${END}`;
  const shapes = [
    shape(
      false,
      blames,
      `${party}${END} +(?:should|could|ought +to|must|might) +(?:have|'ve|of) +(?:been +)?(?:${participle}|[a-z]+ing${END})`,
    ),
    shape(false, blames, `${party}${END}(?:'ve| +have)? +(?:should've|could've)`),
    shape(false, blames, `if +${party} +(?:had|'d)(?: +not|n't)? +(?:just +|only +)?${participle}`),
    shape(false, blames, `${L.causedBy} +${party}`),
    shape(false, blames, `${party}${END} +${L.leftVerbs} +(?:${WORD} +){1,3}${L.leftOutcomes}${END}`),
    shape(false, blames, `(?:your|their|his|her) +(?:${WORD} +){1,3}(?:is|was) +what +${L.pastBlameResults}`),
  ].map((s) => ({ ...s, past: true }));
  return [
    ...shapes,
    shape(
      false,
      'points at another party',
      `${L.negatedAux} +${partyOrPronoun} +(?:just +|simply +)?${BE_ONE}${ACT}${END}`,
      'only',
    ),
    shape(
      false,
      'points at another party',
      `why +(?:are|is|do|does|did|can|can't|don't|won't|aren't|isn't) +${partyOrPronoun} +(?:not|never) +${WORD}`,
      'only',
    ),
    shape(
      false,
      'points at another party',
      `${L.askingAux} +${partyOrPronoun} +not +(?:just +|simply +)?(?:be +)?${ACT}${END}`,
      'only',
    ),
  ];
}

function callsItTheirs(parties: Parties): Shape[] {
  const names = [...parties.others.keys()];
  const area = names.length > 0 ? `(?:${L.areaWords}|${alt(names)})` : L.areaWords;
  const says = "calls it another party's problem";
  return [
    shape(
      false,
      says,
      `${L.itIs} +(?:${L.degreeOf} +)?(?:(?:a|an|your|their) +)?(?<party>${area}(?: +${L.groupNouns})?|${WORD} +${L.groupNouns}) +(?:${WORD} +)?${L.problemNouns}`,
    ),
    shape(false, says, `^ *(?<party>${area}) +${L.problemNouns} *$`),
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

/** Compiled shapes per set of parties: a room's messages share them, and compiling costs ~3 ms. */
const compiled = new Map<string, Shape[]>();

export function shapesFor(parties: Parties): Shape[] {
  const key = JSON.stringify([[...parties.others.keys()], parties.self]);
  const cached = compiled.get(key);
  if (cached) return cached;
  if (compiled.size >= 32) compiled.delete(compiled.keys().next().value!);
  const shapes = compileShapes(parties);
  compiled.set(key, shapes);
  return shapes;
}

function compileShapes(parties: Parties): Shape[] {
  const party = partyPattern(parties);
  const partyOrPronoun = partyPattern(parties, L.pronouns);
  const partyOrThem = partyPattern(parties, L.objectPronouns);
  const self = parties.self.length > 0 ? alt(parties.self) : '(?!)';
  const lead = `^ *(?:${L.imperativeLeads} +)*`;
  return [
    ...denials(self),
    ...optingOut(self),
    ...pointing(party, partyOrPronoun, partyOrThem, lead),
    ...handingOn(party, partyOrThem),
    ...blamingAndAsking(party, partyOrPronoun),
    ...callsItTheirs(parties),
  ].map((s) => ({ ...s, regex: new RegExp(s.regex.source, 'd') }));
}
