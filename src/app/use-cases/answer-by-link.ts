// Answering a handoff from an e-mail's Accept / Decline link (issue 14). The link is already
// verified (genuine, unexpired); here it must still fit the incident: the handoff exists, is
// addressed to the link's person, and is pending. The answer is the very decision
// /incident accept and decline make, as the addressee, marked "via e-mail", in one
// transaction that also spends the link. Anything else is a refusal that changes nothing.

import { checkDeclineReason } from '../../commands/index.ts';
import type { Directory } from '../../domain/directory.ts';
import { nameOf, siteNameOf } from '../../domain/directory-lookup.ts';
import { toHandoffError } from '../../domain/errors.ts';
import { decideAccept, decideDecline } from '../../domain/handoffs.ts';
import type { Handoff, HandoffStatus, Incident } from '../../domain/incident-types.ts';
import type { DecisionContext } from '../../domain/open-incident.ts';
import type { AnswerChannel, NewEvent, TimelineEvent } from '../../domain/timeline-types.ts';
import type { AnswerAction, VerifiedLink } from '../answer-links.ts';
import type { AppDeps } from '../deps.ts';
import { claim, DuplicateDelivery, runChange, saveChange } from '../mutate.ts';
import type { StoreTx } from '../ports.ts';

/** What a link is about, in names: enough for the addressee to decide on the page. */
export interface AnswerAbout {
  incidentNumber: number;
  incidentTitle: string;
  siteName: string;
  handoff: number;
  step: number;
  stepTitle: string;
  /** Who offered the step: the note's author. */
  senderName: string;
  /** Who owns the step until the addressee accepts (the sender, unless the coordinator offered it). */
  ownerName: string;
  addresseeName: string;
  coordinatorName: string;
  /** What the sender saw and did. */
  note: string;
  action: AnswerAction;
}

/** How a handoff that is no longer pending was closed. */
export interface PastAnswer {
  status: Exclude<HandoffStatus, 'pending'>;
  at: Date;
  /** Who answered or closed it; undefined when Handoff itself closed it. */
  byName?: string | undefined;
  via?: AnswerChannel | undefined;
  reason?: string | undefined;
}

/** Where a link stands, for the page a GET shows. */
export type AnswerLinkState =
  /** No such incident or handoff (a link from another installation, or a restored older backup). */
  | { kind: 'unknown' }
  /** The handoff is addressed to someone else: nothing about it is shown. */
  | { kind: 'not-addressee' }
  | { kind: 'pending'; about: AnswerAbout }
  /** This link (or its twin in a later reminder) already gave this answer. */
  | { kind: 'used'; about: AnswerAbout; answer: PastAnswer }
  /** Answered otherwise (in chat, or the other link), or closed by the coordinator or a resolve. */
  | { kind: 'answered'; about: AnswerAbout; answer: PastAnswer };

export type AnswerByLinkResult =
  | Exclude<AnswerLinkState, { kind: 'pending' }>
  | { kind: 'done'; about: AnswerAbout; answer: PastAnswer }
  /** Decline without a usable reason: the form again, with `message`. */
  | { kind: 'invalid-reason'; about: AnswerAbout; message: string }
  /** A rule of the incident refused the answer (its message says which). */
  | { kind: 'refused'; about: AnswerAbout; message: string };

/** What the Decline form sends; Accept sends nothing. */
export interface AnswerForm {
  reason?: string | undefined;
}

type Found = { state: AnswerLinkState; incident?: Incident };

/** A refusal found inside the transaction: thrown to leave it with nothing written. */
class Refusal extends Error {
  constructor(readonly result: AnswerByLinkResult) {
    super(result.kind);
  }
}

/** What the link is about and whether it may still answer. Reads only: a GET never changes anything. */
export async function readAnswerLink(deps: AppDeps, link: VerifiedLink): Promise<AnswerLinkState> {
  const found = await deps.store.transaction((tx) => findState(tx, link, deps.directory()));
  return found.state;
}

/** Answers the link's handoff as its addressee; works once. */
export async function answerByLink(
  deps: AppDeps,
  link: VerifiedLink,
  form: AnswerForm,
): Promise<AnswerByLinkResult> {
  const { claims } = link;
  let about: AnswerAbout | undefined;
  try {
    const change = await runChange(deps, `incident:${claims.i}`, async (tx, now, dir) => {
      const { state, incident } = await findState(tx, link, dir);
      if (state.kind === 'pending' && incident) {
        about = state.about;
        const events = decide(state.about, incident, link, form, { directory: dir, actorId: claims.p, now });
        // Spent with the answer itself: a refused or failed answer leaves the link usable.
        await claim(tx, `answer-link:${link.signature}`, now);
        return saveChange(tx, incident, claims.i, events);
      }
      throw new Refusal(state as Exclude<AnswerLinkState, { kind: 'pending' }>);
    });
    const answer = answerOf(change.events.at(-1)!, deps.directory());
    if (!about || !answer) throw new Error('an answer by link recorded no answer');
    return { kind: 'done', about, answer };
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    // Spent already, yet the handoff pending: cannot happen (the key is written only with an
    // answer); if it ever does, the page says what the incident says now.
    if (error instanceof DuplicateDelivery) {
      const now = await readAnswerLink(deps, link);
      if (now.kind !== 'pending') return now;
    }
    throw error;
  }
}

/** The same decision as /incident accept or decline, as the addressee, via e-mail. */
function decide(
  about: AnswerAbout,
  incident: Incident,
  { claims }: VerifiedLink,
  form: AnswerForm,
  ctx: DecisionContext,
): NewEvent[] {
  if (claims.a === 'accept') {
    return decideOrRefuse(about, () => decideAccept(ctx, incident, claims.h, { via: 'email' }));
  }
  const checked = checkDeclineReason(form.reason, about.ownerName);
  if (!checked.ok) throw new Refusal({ kind: 'invalid-reason', about, message: checked.message });
  return decideOrRefuse(about, () =>
    decideDecline(ctx, incident, claims.h, checked.reason, { via: 'email' }),
  );
}

/** The domain's decision; its refusal (a rule, not a fault) becomes a result to show. */
function decideOrRefuse<T>(about: AnswerAbout, decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    const failure = toHandoffError(error);
    if (failure.code === 'internal') throw error;
    throw new Refusal({ kind: 'refused', about, message: failure.message });
  }
}

async function findState(tx: StoreTx, link: VerifiedLink, dir: Directory): Promise<Found> {
  const { claims } = link;
  const incident = await tx.loadIncident(claims.i);
  const handoff = incident?.handoffs.find((h) => h.number === claims.h);
  if (!incident || !handoff) return { state: { kind: 'unknown' } };
  // Nothing about someone else's handoff is shown, not even whether it is still open.
  if (handoff.toId !== claims.p) return { state: { kind: 'not-addressee' } };
  const about = aboutOf(incident, handoff, claims.a, dir);
  if (handoff.status === 'pending') return { state: { kind: 'pending', about }, incident };
  const answer = closingAnswer(await tx.timeline(claims.i), handoff, dir);
  const used =
    answer.via === 'email' &&
    ((claims.a === 'accept' && answer.status === 'accepted') ||
      (claims.a === 'decline' && answer.status === 'declined'));
  return { state: { kind: used ? 'used' : 'answered', about, answer }, incident };
}

function aboutOf(incident: Incident, h: Handoff, action: AnswerAction, dir: Directory): AnswerAbout {
  return {
    incidentNumber: incident.number,
    incidentTitle: incident.title,
    siteName: siteNameOf(dir, incident.siteId),
    handoff: h.number,
    step: h.stepNumber,
    stepTitle: incident.steps.find((s) => s.number === h.stepNumber)?.title ?? '',
    senderName: nameOf(dir, h.proposedById),
    ownerName: nameOf(dir, h.fromId),
    addresseeName: nameOf(dir, h.toId),
    coordinatorName: nameOf(dir, incident.coordinatorId),
    note: h.note,
    action,
  };
}

/** The event that closed the handoff, as an answer; the projection's facts if it is not found. */
function closingAnswer(timeline: TimelineEvent[], h: Handoff, dir: Directory): PastAnswer {
  const closing = [...timeline].reverse().find((e) => closes(e, h.number));
  const answer = closing && answerOf(closing, dir);
  if (answer) return answer;
  return {
    status: h.status === 'pending' ? 'expired' : h.status,
    at: h.answeredAt ?? h.proposedAt,
    reason: h.reason,
  };
}

const closes = (e: TimelineEvent, handoff: number) =>
  (e.type === 'handoff.accepted' || e.type === 'handoff.declined' || e.type === 'handoff.expired') &&
  e.payload.handoff === handoff;

function answerOf(e: TimelineEvent, dir: Directory): PastAnswer | undefined {
  const by = e.actorId ? nameOf(dir, e.actorId) : undefined;
  switch (e.type) {
    case 'handoff.accepted':
      return { status: 'accepted', at: e.at, byName: nameOf(dir, e.payload.toId), via: e.payload.via };
    case 'handoff.declined':
      return { status: 'declined', at: e.at, byName: by, via: e.payload.via, reason: e.payload.reason };
    case 'handoff.expired':
      return { status: 'expired', at: e.at, byName: by, reason: e.payload.reason };
    default:
      return undefined;
  }
}
