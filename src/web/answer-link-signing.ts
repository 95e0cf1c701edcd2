// Signed Accept / Decline links for people who answer from their inbox (issue 14). A link
// carries its claims (incident, handoff, person, action, expiry) in the clear and an
// HMAC-SHA256 over them, so it needs no storage to be checked, cannot be made for another
// handoff, person or action, and stops working when it expires or the secret changes.
// Verification is a pure function of the token, the secret and now (design §5.3): it says
// only whether the link is genuine; whether it may still answer is the use-case's question.

import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  ANSWER_LINK_TTL_MS,
  ANSWER_PATH,
  type AnswerAction,
  type AnswerClaims,
  type AnswerLinks,
} from '../app/answer-links.ts';
import type { Clock } from '../app/ports.ts';

export interface AnswerLinksOptions {
  /** LINK_SECRET, or the one kept in the data folder. */
  secret: string;
  /** PUBLIC_URL, else the web server's address; without a trailing slash. */
  baseUrl: () => string;
  clock: Clock;
  /** How long a link works; 7 days unless set. */
  ttlMs?: number;
}

// Keeps these MACs apart from anything else the same secret signs (client links).
const CONTEXT = 'handoff answer links v1';
// A genuine token is about 130 characters; anything far longer is not worth decoding.
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function createAnswerLinks(options: AnswerLinksOptions): AnswerLinks {
  const ttl = options.ttlMs ?? ANSWER_LINK_TTL_MS;
  const mac = (payload: string) =>
    createHmac('sha256', options.secret)
      .update(CONTEXT + payload)
      .digest();

  function tokenFor(claims: AnswerClaims): string {
    // Key order fixed, so the same claims always give the same token.
    const ordered = { i: claims.i, h: claims.h, p: claims.p, a: claims.a, e: claims.e };
    const payload = Buffer.from(JSON.stringify(ordered)).toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  }

  return {
    urlsFor({ incidentNumber, handoff, personId }) {
      const e = options.clock.now().getTime() + ttl;
      const url = (a: AnswerAction) =>
        `${options.baseUrl()}${ANSWER_PATH}${tokenFor({ i: incidentNumber, h: handoff, p: personId, a, e })}`;
      return { accept: url('accept'), decline: url('decline') };
    },
    verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'malformed' };
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return { ok: false, problem: 'malformed' };
      if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, problem: 'malformed' };
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      // One spelling per signature (base64url leaves a last character's low bits free), so
      // a link cannot be respelled into a second one. The length of a MAC is no secret, and
      // timingSafeEqual needs equal lengths.
      const canonical = given.toString('base64url') === signature;
      if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, problem: 'forged' };
      }
      const claims = parseClaims(payload);
      if (!claims) return { ok: false, problem: 'malformed' };
      if (options.clock.now().getTime() >= claims.e) return { ok: false, problem: 'expired' };
      return { ok: true, claims, signature };
    },
  };
}

/** The claims of a payload we signed; undefined if it does not hold what a link must. */
function parseClaims(payload: string): AnswerClaims | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { i, h, p, a, e } = raw as Record<string, unknown>;
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;
  if (!count(i) || !count(h) || !count(e)) return undefined;
  if (typeof p !== 'string' || p === '' || (a !== 'accept' && a !== 'decline')) return undefined;
  return { i, h, p, a, e };
}
