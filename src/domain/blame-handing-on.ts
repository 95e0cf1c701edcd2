// Two more families of deflection shapes. Opting out: the speaker declines the work without
// naming anyone ("I'm passing on this one", "we never signed up to support that", "I don't do
// DNS", "can't help, sorry"). Handing on: the work is said to be someone else's or sent their
// way ("this belongs to EdgeLine", "the certificates are his", "this should go to Jonas",
// "leave it to Sam's team", "direct all questions to CloudNest"). The words are in blame-phrases.json.

import { ACT, BE_ONE, END, L, NOT_HOLDING, WORD, lexicon, shape, type Shape } from './blame-lexicon.ts';
import { verbForms } from './blame-text.ts';

const OPTS_OUT = 'opts out';
const POINTS = 'points at another party';

/** Declining the work: `self` is how the speaker names themselves or their organisation. */
export function optingOut(self: string): Shape[] {
  const tails = `(?: +(?:${L.helpTails}|${L.clauseTails}))* *$`;
  const subject = `(?:^ *|(?:${L.selfSubjects}) +(?:just +|really +)?)`;
  return [
    // "pass on this one", "sit this one out", "bow out of this": the whole clause is the opt-out.
    shape(
      true,
      OPTS_OUT,
      `${verbForms(lexicon.optOutVerbs)} +(?:${L.optOutParticles} +)?(?:this|that)(?: +${L.handedThings})?(?: +out)?${tails}`,
    ),
    // Weak: "we never agreed to a maintenance window, so I'm asking Maria" is about terms, and works.
    shape(
      false,
      OPTS_OUT,
      `(?:i|we|${self}|nobody|no +one)(?:'ve|'d| +have| +had| +did| +do)? +${L.neverWords} +(?:${L.copulaAdverbs} +)?${verbForms(lexicon.commitVerbs)} +(?:to +(?!(?:a|an|the)${END})|for +|on +to +)${WORD}${NOT_HOLDING}`,
    ),
    shape(
      false,
      OPTS_OUT,
      `(?:(?:${L.selfPossessives}|the|this|that) +)?(?:${WORD} +)?${L.agreementNouns} +${L.coverNegations} +(?:${L.copulaAdverbs} +)?${verbForms(lexicon.coverVerbs)}${END}`,
    ),
    shape(true, OPTS_OUT, `${subject}${L.cannot} +help${tails}`),
    shape(
      true,
      OPTS_OUT,
      `nothing +(?:more +|else +|much +)?(?:i|we)(?:'ll| +can| +could| +will| +would| +are +going +to)? +${L.nothingVerbs}${tails}`,
    ),
    shape(
      true,
      OPTS_OUT,
      `(?:${L.selfSubjects}) +(?:just +|rather +)?${verbForms(lexicon.stayVerbs)} +${L.stayAwayParticles} +(?:this|that|it)(?: +one)?${END}${NOT_HOLDING}`,
    ),
    // "I don't do DNS", "we don't really do databases"; not "I don't do anything without a ticket".
    shape(
      false,
      OPTS_OUT,
      `(?:i|we) +(?:really +|just +)?(?:don't|do +not|dont|never) +(?:really +|actually +|even +)?do +(?!${L.notDoObjects}${END})${WORD}${NOT_HOLDING}`,
    ),
  ];
}

/** Saying whose the work is, or sending it there. */
export function handingOn(party: string, partyOrThem: string): Shape[] {
  const possessive = `(?:${party}(?:'s|')|${L.otherPossessivePronouns})`;
  const thing = `(?:this|that|it|(?:the|this|that) +${L.handedThings})`;
  const whose: Shape[] = [
    shape(
      false,
      POINTS,
      `${verbForms(['belong'])} +(?:${L.copulaAdverbs} +)?${L.belongPrepositions} +${party}`,
      'never',
    ),
    // "The certificates are his", "it's his to renew"; not "yours to renew next month" (that schedules).
    shape(
      false,
      POINTS,
      `(?:${L.itIs}|is|are|was|were)(?: +${L.copulaAdverbs})? +${possessive}(?: +to +${WORD})?(?: +${L.clauseTails})* *$`,
      'never',
    ),
  ].map((s) => ({ ...s, context: true }));
  return [
    ...whose,
    shape(
      false,
      POINTS,
      `(?:${party}|${L.subjectPronouns})${END} +${L.modals} +(?:really +)?${verbForms(lexicon.ownershipVerbs)}${END}`,
    ),
    shape(false, POINTS, `${L.itIs} +${party} +(?:who|that) +${L.modals} +${BE_ONE}${ACT}${END}`),
    // "This needs to go to Sam", "that should really be going to the hosting team".
    shape(
      false,
      POINTS,
      `${thing}(?: +(?:${L.modals}|really))+(?: +be)? +${verbForms(lexicon.handOnVerbs)} +(?:${L.handOnParticles} +)?(?:to|with|onto) +${partyOrThem}`,
    ),
    // Leaving it with someone else is handing it on, however politely ("I'll leave it to Sam's team").
    shape(
      true,
      POINTS,
      `(?:leave|leaves|leaving|left) +(?:${L.leftThings} +)?${L.leavePrepositions} +${party}`,
    ),
    shape(
      true,
      POINTS,
      `${verbForms(lexicon.referVerbs)} +(?:${L.quantifiers} +)?(?:${WORD} +){0,2}${L.enquiryNouns}(?: +${L.aboutWords}(?: +${WORD}){1,4}?)? +(?:to|at|towards|with) +${party}`,
    ),
  ];
}
