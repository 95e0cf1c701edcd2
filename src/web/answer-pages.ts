// The web end of an e-mail's Accept / Decline links (issue 14):
//   GET  /answer/<token>   what the link is about and the question; never changes anything
//                          (mail scanners and link previews follow links)
//   POST /answer/<token>   the answer (a form: nothing for Accept, `reason` for Decline)
// The order is verify → parse → dispatch (design §5.3): the link's signature and expiry
// first, then the form, then one use-case. Tokens are capabilities: never logged.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANSWER_PATH, type AnswerLinks } from '../app/answer-links.ts';
import { errorLine } from '../app/error-line.ts';
import type { HandoffApp } from '../app/handoff-app.ts';
import type { Logger } from '../app/ports.ts';
import type { Directory } from '../domain/directory.ts';
import { timeZoneOf } from '../domain/time-zone.ts';
import { html } from './html.ts';
import { linkProblemPage, outcomePage } from './pages/answer-outcome.ts';
import { answerFrame, questionPage, type AnswerPage } from './pages/answer-page.ts';
import { send } from './respond.ts';

/** Largest form accepted: a reason of 2,000 characters, percent-encoded, fits with room to spare. */
export const ANSWER_BODY_LIMIT = 8 * 1024;

export interface AnswerPagesDeps {
  /** Verifies the links (the same secret the e-mails are signed with). */
  links: Pick<AnswerLinks, 'verify'>;
  /** The core: reads what a link is about and answers it. */
  app: Pick<HandoffApp, 'readAnswerLink' | 'answerByLink'>;
  /** For the provider's time zone on the pages. */
  directory: () => Directory;
  logger: Logger;
}

export interface AnswerPages {
  /** Answers any request whose path starts with /answer/. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function isAnswerPath(path: string): boolean {
  return path.startsWith(ANSWER_PATH);
}

export function createAnswerPages(deps: AnswerPagesDeps): AnswerPages {
  const zone = () => timeZoneOf(deps.directory());
  const show = (res: ServerResponse, page: AnswerPage) =>
    send(res, page.status, 'text/html', answerFrame(page));

  async function answer(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    const check = deps.links.verify(token);
    if (!check.ok) return show(res, linkProblemPage(check.problem));
    if (req.method === 'GET' || req.method === 'HEAD') {
      const state = await deps.app.readAnswerLink(check);
      return show(
        res,
        state.kind === 'pending' ? questionPage(state.about, token) : outcomePage(state, zone()),
      );
    }
    const form = await readForm(req);
    if (!form.ok) {
      // What is left of the body is not read: the connection cannot be reused.
      res.setHeader('connection', 'close');
      return show(res, formProblemPage(form.status));
    }
    const reason = form.fields.get('reason') ?? undefined;
    const result = await deps.app.answerByLink(check, { reason });
    deps.logger.info(
      {
        incident: check.claims.i,
        handoff: check.claims.h,
        person: check.claims.p,
        action: check.claims.a,
        outcome: result.kind,
      },
      'answer link used',
    );
    if (result.kind === 'invalid-reason') {
      return show(res, questionPage(result.about, token, { reason: reason ?? '', error: result.message }));
    }
    show(res, outcomePage(result, zone()));
  }

  return {
    async handle(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
        res.setHeader('allow', 'GET, HEAD, POST');
        return show(res, {
          status: 405,
          title: 'Not here',
          body: html`<h1>Open the link from the e-mail</h1>`,
        });
      }
      const token = url.pathname.slice(ANSWER_PATH.length);
      try {
        await answer(req, res, token);
      } catch (error) {
        // The token stays out of the log: it may still be unspent.
        deps.logger.error({ error: errorLine(error), path: ANSWER_PATH }, 'answer link failed');
        if (res.headersSent) return void res.end();
        show(res, {
          status: 500,
          title: 'Something went wrong',
          body: html`<h1>Something went wrong on our side</h1>
            <section class="card">
              <p>
                Your answer may not have been recorded. Open the link again in a minute: the page will say
                whether it was.
              </p>
            </section>`,
        });
      }
    },
  };
}

type FormRead = { ok: true; fields: URLSearchParams } | { ok: false; status: 413 | 415 };

/** The urlencoded form of a POST, read up to the limit; anything else is refused unread. */
async function readForm(req: IncomingMessage): Promise<FormRead> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415 };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > ANSWER_BODY_LIMIT) return { ok: false, status: 413 };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ANSWER_BODY_LIMIT) return { ok: false, status: 413 };
    chunks.push(chunk);
  }
  return { ok: true, fields: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
}

function formProblemPage(status: 413 | 415): AnswerPage {
  const text =
    status === 413
      ? 'That answer is too long to take. Shorten the reason and send it again.'
      : 'Answers come from the form on this page. Open the link from the e-mail and use its button.';
  return {
    status,
    title: 'Answer not taken',
    body: html`<h1>Answer not taken</h1>
      <section class="card">
        <p>${text}</p>
        <p class="meta">Nothing was changed.</p>
      </section>`,
  };
}
