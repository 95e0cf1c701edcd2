// The port for signed Accept / Decline links (issue 14): what a link claims and what the
// core and the e-mail platform may ask of the links. The signing itself (HMAC-SHA256 with
// node:crypto) is an edge's: src/web/answer-link-signing.ts. Whether a genuine link may
// still answer is the use-case's question (use-cases/answer-by-link.ts).

/** The answer a link gives. */
export type AnswerAction = 'accept' | 'decline';

/** What a link is about, as signed. Short keys: the token travels in a URL in an e-mail. */
export interface AnswerClaims {
  /** Incident number. */
  i: number;
  /** Handoff number within the incident. */
  h: number;
  /** The addressee's directory id: the person the link answers as. */
  p: string;
  a: AnswerAction;
  /** Expiry, in milliseconds since the epoch. */
  e: number;
}

/** A genuine, unexpired link: its claims, and its signature (what makes it usable once). */
export interface VerifiedLink {
  claims: AnswerClaims;
  signature: string;
}

export type LinkProblem = 'malformed' | 'forged' | 'expired';

export type LinkCheck = ({ ok: true } & VerifiedLink) | { ok: false; problem: LinkProblem };

export interface AnswerLinks {
  /** The Accept and Decline URLs for this addressee's handoff, valid for the links' lifetime from now. */
  urlsFor(target: { incidentNumber: number; handoff: number; personId: string }): {
    accept: string;
    decline: string;
  };
  /** Whether the token is one of ours, intact and unexpired. Never throws. */
  verify(token: string): LinkCheck;
}

export const ANSWER_LINK_TTL_MS = 7 * 24 * 60 * 60_000;
/** The path under the web server's root where links land. */
export const ANSWER_PATH = '/answer/';
