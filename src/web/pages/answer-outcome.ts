// What an e-mail answer link leads to when there is no question to ask: the answer just
// given, or why the link cannot answer (and that nothing was changed). Each page says what
// to do instead, in the words of someone who has never used Handoff.

import type { LinkProblem } from '../../app/answer-links.ts';
import type { AnswerAbout, AnswerByLinkResult, PastAnswer } from '../../app/use-cases/answer-by-link.ts';
import { incidentRef } from '../../domain/incident-types.ts';
import { listAnd } from '../../domain/text.ts';
import { formatStamp } from '../../domain/time-zone.ts';
import { html } from '../html.ts';
import { aboutCard, type AnswerPage } from './answer-page.ts';

/** A page that explains why the link did nothing: a heading, what happened, what to do. */
function nothingChanged(status: number, heading: string, ...lines: string[]): AnswerPage {
  return {
    status,
    title: heading,
    body: html`<h1>${heading}</h1>
      <section class="card">
        ${lines.map((line) => html`<p>${line}</p>`)}
        <p class="meta">Nothing was changed.</p>
      </section>`,
  };
}

/** A link that is not one of ours as it stands: cut short, altered, or too old. */
export function linkProblemPage(problem: LinkProblem): AnswerPage {
  const again = 'Open it again straight from the e-mail.';
  switch (problem) {
    case 'malformed':
      return nothingChanged(
        400,
        'This link is incomplete',
        `Part of the link is missing, perhaps because it was cut short or wrapped onto two lines when it was copied. ${again}`,
      );
    case 'forged':
      return nothingChanged(
        403,
        'This link is not valid',
        `Its signature does not match: the link was changed after it was sent, or it was not made by this Handoff. ${again}`,
      );
    case 'expired':
      return nothingChanged(
        410,
        'This link has expired',
        'Answer links stop working after a few days, so an old e-mail cannot answer for you. A newer e-mail about the same handoff (a reminder) carries fresh links; or ask the person who sent it.',
      );
  }
}

/** "accepted by Sam via e-mail on 2026-03-01 08:15 UTC" or "closed on …: <reason>". */
function pastWords(answer: PastAnswer, zone: string): string {
  const on = `on ${formatStamp(answer.at, zone)}`;
  const via = answer.via === 'email' ? ' via e-mail' : ' in chat';
  if (answer.status === 'expired') return `closed ${on}: ${answer.reason ?? ''}`;
  const why = answer.status === 'declined' && answer.reason ? `, saying "${answer.reason}"` : '';
  return `${answer.status} by ${answer.byName ?? 'Handoff'}${via} ${on}${why}`;
}

/** The page after an answer was recorded: what it did, and who has been told. */
function donePage(about: AnswerAbout, answer: PastAnswer): AnswerPage {
  const ref = incidentRef(about.incidentNumber);
  // As the outbox tells them: the owner, the proposer and the coordinator, never the answerer.
  const told = [...new Set([about.ownerName, about.senderName, about.coordinatorName])].filter(
    (name) => name !== about.addresseeName,
  );
  const toldWords = `${listAnd(told)} ${told.length === 1 ? 'has' : 'have'} been told`;
  const accepted = answer.status === 'accepted';
  const title = `You ${accepted ? 'accepted' : 'declined'} step ${about.step} of ${ref}`;
  const text = accepted
    ? `Step ${about.step} ("${about.stepTitle}") is yours now. ${toldWords}.`
    : `Step ${about.step} stays with ${about.ownerName}. ${toldWords}, with your reason: "${answer.reason ?? ''}"`;
  return {
    status: 200,
    title,
    body: html`<h1>${title}</h1>
      <section class="card done">
        <p>${text}</p>
        <p class="meta">
          Recorded in the incident's timeline as answered by you via e-mail. You can close this page.
        </p>
      </section>
      ${aboutCard(about)}`,
  };
}

/** The page for an answer's outcome; `invalid-reason` is the form again, not one of these. */
export function outcomePage(
  result: Exclude<AnswerByLinkResult, { kind: 'invalid-reason' }>,
  zone: string,
): AnswerPage {
  if (result.kind === 'done') return donePage(result.about, result.answer);
  if (result.kind === 'not-addressee') {
    return nothingChanged(
      403,
      'This link is not for this handoff',
      'The handoff it names is addressed to someone else, and only they can accept or decline it.',
    );
  }
  if (result.kind === 'unknown') {
    return nothingChanged(
      404,
      'No such handoff',
      'This Handoff knows no such incident or handoff. The link may belong to another installation.',
    );
  }
  if (result.kind === 'refused') {
    return nothingChanged(409, 'This handoff cannot be answered now', result.message);
  }
  const which = `H${result.about.handoff} (step ${result.about.step} of ${incidentRef(result.about.incidentNumber)})`;
  const past = `${which} was ${pastWords(result.answer, zone)}.`;
  return result.kind === 'used'
    ? nothingChanged(409, 'This link has already been used', `${past} Each link answers once.`)
    : nothingChanged(
        409,
        'This handoff was already answered',
        past,
        `If that is not what you meant, tell ${result.about.coordinatorName}, who coordinates the incident.`,
      );
}
