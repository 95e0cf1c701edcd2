// The pages behind an e-mail's Accept / Decline links (issue 14): the question (one
// confirming button for Accept, a form with a required reason for Decline) and its frame.
// The person reading is outside chat and may never have seen Handoff: every page says
// what the link is about in full, and what happens when they answer.

import type { AnswerAbout } from '../../app/use-cases/answer-by-link.ts';
import { incidentRef } from '../../domain/incident-types.ts';
import { html, type Html } from '../html.ts';

/** A page to send: its status, title and content. */
export interface AnswerPage {
  status: number;
  title: string;
  body: Html;
}

export function answerFrame(page: AnswerPage): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>${page.title} · Handoff</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <header class="top"><span class="brand">Handoff</span></header>
        <main class="answer">${page.body}</main>
      </body>
    </html>`.value;
}

/** "Step 1 of INC-2 · Acme Bakery shop: …", the note, and who holds the step meanwhile. */
export function aboutCard(about: AnswerAbout): Html {
  const ref = incidentRef(about.incidentNumber);
  const offered =
    about.senderName === about.ownerName
      ? html`${about.senderName} wants to hand you this step.`
      : html`${about.senderName}, the coordinator, offers you ${about.ownerName}'s step.`;
  return html`<section class="card about">
    <p class="meta"><span>${ref}</span><span>${about.siteName}</span><span>${about.incidentTitle}</span></p>
    <h2>Step ${about.step}: ${about.stepTitle}</h2>
    <p>${offered} Handoff H${about.handoff}.</p>
    <p class="label">What ${about.senderName} saw and did:</p>
    <blockquote class="note">${about.note}</blockquote>
  </section>`;
}

const formAction = (token: string) => `/answer/${encodeURIComponent(token)}`;

/** The question a GET shows: nothing changes until the button is pressed. */
export function questionPage(
  about: AnswerAbout,
  token: string,
  decline: { reason?: string; error?: string } = {},
): AnswerPage {
  const ref = incidentRef(about.incidentNumber);
  if (about.action === 'accept') {
    return {
      status: 200,
      title: `Accept step ${about.step} of ${ref}?`,
      body: html`<h1>Accept step ${about.step} of ${ref} from ${about.senderName}?</h1>
        ${aboutCard(about)}
        <section class="card">
          <p>
            Accepting makes step ${about.step} yours, and ${about.ownerName} is told at once. Until you
            accept, ${about.ownerName} still owns it.
          </p>
          <form method="post" action="${formAction(token)}" class="answer">
            <button type="submit" name="answer" value="accept">Accept step ${about.step}</button>
          </form>
          <p class="meta">Not yours to take? Use the Decline link in the e-mail and say why.</p>
        </section>`,
    };
  }
  return {
    status: decline.error ? 422 : 200,
    title: `Decline step ${about.step} of ${ref}?`,
    body: html`<h1>Decline step ${about.step} of ${ref} from ${about.senderName}?</h1>
      ${aboutCard(about)}
      <section class="card">
        <form method="post" action="${formAction(token)}" class="answer">
          <label for="reason"
            >Why are you declining? ${about.ownerName} reads this to decide what to do next.</label
          >
          ${decline.error ? html`<p class="error" id="reason-error" role="alert">${decline.error}</p>` : ''}
          <textarea
            id="reason"
            name="reason"
            rows="5"
            required${decline.error ? html` aria-describedby="reason-error"` : ''}
          >
${decline.reason ?? ''}</textarea>
          <button type="submit" name="answer" value="decline">Decline step ${about.step}</button>
        </form>
        <p class="meta">Declining leaves step ${about.step} with ${about.ownerName}.</p>
      </section>`,
  };
}
