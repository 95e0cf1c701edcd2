// Signed Accept / Decline links (issue 14): a link made here verifies with its claims; one
// changed anywhere, made with another secret, cut short or expired does not.

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ANSWER_LINK_TTL_MS, type AnswerLinks } from '../../src/app/answer-links.ts';
import { createAnswerLinks } from '../../src/web/answer-link-signing.ts';
import { ManualClock } from '../../src/timers/clock.ts';
import { T0 } from '../support/world.ts';

const BASE = 'https://handoff.example';
const target = { incidentNumber: 3, handoff: 2, personId: 'sam' };

function links(secret = 'test-secret', clock = new ManualClock(T0), ttlMs?: number): AnswerLinks {
  return createAnswerLinks({ secret, baseUrl: () => BASE, clock, ...(ttlMs ? { ttlMs } : {}) });
}

const tokenOf = (url: string) => url.slice(`${BASE}/answer/`.length);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('answer links', () => {
  it('round trip: each URL lands on /answer/ and verifies with its claims and action', () => {
    const l = links();
    const urls = l.urlsFor(target);
    expect(urls.accept.startsWith(`${BASE}/answer/`)).toBe(true);
    expect(urls.accept).not.toBe(urls.decline);
    const expires = T0.getTime() + ANSWER_LINK_TTL_MS;
    for (const a of ['accept', 'decline'] as const) {
      const check = l.verify(tokenOf(urls[a]));
      expect(check).toEqual({
        ok: true,
        claims: { i: 3, h: 2, p: 'sam', a, e: expires },
        signature: tokenOf(urls[a]).split('.')[1],
      });
    }
  });

  it('a token survives a restart: the same secret verifies it, whatever the base URL', () => {
    const token = tokenOf(links('same').urlsFor(target).accept);
    const again = createAnswerLinks({
      secret: 'same',
      baseUrl: () => 'http://other',
      clock: new ManualClock(T0),
    });
    expect(again.verify(token).ok).toBe(true);
  });

  it('forged: a signature made with another secret, or a signature altered', () => {
    const token = tokenOf(links('another-secret').urlsFor(target).accept);
    expect(links().verify(token)).toEqual({ ok: false, problem: 'forged' });
    const [payload, sig] = tokenOf(links().urlsFor(target).accept).split('.') as [string, string];
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(links().verify(`${payload}.${flipped}`)).toEqual({ ok: false, problem: 'forged' });
    expect(links().verify(`${payload}.${sig.slice(0, 20)}`)).toEqual({ ok: false, problem: 'forged' });
    // The last character's two low bits carry nothing: a respelling decodes to the same bytes,
    // and must not pass for a second, unspent link.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = sig.slice(0, -1) + alphabet[alphabet.indexOf(sig.at(-1)!) ^ 1];
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(links().verify(`${payload}.${respelled}`)).toEqual({ ok: false, problem: 'forged' });
  });

  it('tampered claims: another person, handoff, action or a later expiry breaks the signature', () => {
    const l = links();
    const [payload, sig] = tokenOf(l.urlsFor(target).decline).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    for (const change of [{ p: 'dana' }, { h: 1 }, { a: 'accept' }, { e: Number(claims.e) + 1 }]) {
      expect(l.verify(`${b64({ ...claims, ...change })}.${sig}`)).toEqual({ ok: false, problem: 'forged' });
    }
  });

  it('expired: works until its expiry, not at or after it; a shorter lifetime is honoured', () => {
    const clock = new ManualClock(T0);
    const l = links('s', clock);
    const token = tokenOf(l.urlsFor(target).accept);
    clock.advance(ANSWER_LINK_TTL_MS - 1);
    expect(l.verify(token).ok).toBe(true);
    clock.advance(1);
    expect(l.verify(token)).toEqual({ ok: false, problem: 'expired' });

    const hourClock = new ManualClock(T0);
    const hour = links('s', hourClock, 60 * 60_000);
    const short = tokenOf(hour.urlsFor(target).accept);
    hourClock.advance(60 * 60_000);
    expect(hour.verify(short)).toEqual({ ok: false, problem: 'expired' });
  });

  it('malformed: empty, no dot, extra parts, foreign characters, oversized, or signed nonsense', () => {
    const l = links();
    const [payload, sig] = tokenOf(l.urlsFor(target).accept).split('.') as [string, string];
    for (const token of [
      '',
      '.',
      payload,
      `${payload}.`,
      `.${sig}`,
      `${payload}.${sig}.x`,
      `${payload}.${sig}!`,
      'a'.repeat(2000),
    ]) {
      expect(l.verify(token)).toEqual({ ok: false, problem: 'malformed' });
    }
    // Correctly signed, but not claims a link carries (as if the secret had signed other data).
    const sign = (body: string) =>
      createHmac('sha256', 'test-secret').update(`handoff answer links v1${body}`).digest('base64url');
    for (const bad of [
      b64([1, 2]),
      b64({ i: 3, h: 2, p: 'sam', a: 'delete', e: 1 }),
      Buffer.from('{').toString('base64url'),
    ]) {
      expect(l.verify(`${bad}.${sign(bad)}`)).toEqual({ ok: false, problem: 'malformed' });
    }
  });
});
