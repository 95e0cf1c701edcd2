// The owners' pages over plain HTTP: access, escaping, headers, live events.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAccess } from '../../src/web/access.ts';
import { OWNER_TOKEN, startWebFixture, type WebFixture } from './web-fixture.ts';

let f: WebFixture;
beforeAll(async () => {
  f = await startWebFixture();
});
afterAll(async () => {
  await f?.stop();
});

const get = (url: string, init?: RequestInit) => fetch(url, init);
const origin = () => f.web.server.origin;

describe('access', () => {
  it('answers 404 to a wrong, shorter, longer or missing owner token', async () => {
    for (const token of ['wrong-token-0123456789xx', 'x', `${OWNER_TOKEN}x`, '']) {
      expect((await get(`${origin()}/o/${token}/`)).status, token).toBe(404);
    }
    expect((await get(`${origin()}/o/${OWNER_TOKEN}/`)).status).toBe(200);
  });

  it('gives a client link its own incidents only, and 404 for another client’s or a forged one', async () => {
    const acme = f.web.clientUrl('acme');
    expect((await get(`${acme}incidents/2`)).status).toBe(200);
    expect((await get(`${acme}incidents/1`)).status).toBe(404);
    expect((await get(`${acme}incidents/99`)).status).toBe(404);
    const json = await (await get(`${f.web.clientUrl('wanderlust')}incidents/1/summary.json`)).json();
    expect(json).toMatchObject({ incident: 'INC-1', credit: null });
    // The signature belongs to one client id; it opens nothing for another.
    expect((await get(acme.replace('/c/acme/', '/c/wanderlust/'))).status).toBe(404);
    // A link signed for an organisation that is not a client (the provider) opens nothing.
    const provider = createWebAccess(OWNER_TOKEN).clientPrefix('brightdesk');
    expect((await get(`${origin()}${provider}/`)).status).toBe(404);
  });

  it('derives client links from the owner token, so rotating it revokes them', () => {
    const a = createWebAccess(OWNER_TOKEN).clientPrefix('acme');
    expect(createWebAccess(OWNER_TOKEN).clientPrefix('acme')).toBe(a);
    expect(createWebAccess('another-owner-token-987654').clientPrefix('acme')).not.toBe(a);
  });

  it('is read-only and leaves other paths to the next handler', async () => {
    expect((await get(`${f.web.ownerUrl}incidents/1`, { method: 'POST' })).status).toBe(405);
    expect((await get(`${origin()}/slack/events`)).status).toBe(404);
  });
});

describe('pages', () => {
  it('escapes what people typed and sends strict headers', async () => {
    const res = await get(`${f.web.ownerUrl}incidents/1`);
    const body = await res.text();
    expect(body).toContain('Booking site shows &lt;b&gt;502&lt;/b&gt;');
    expect(body).not.toContain('<b>502</b>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves the summary as Markdown and JSON, and the swimlane as SVG', async () => {
    const md = await (await get(`${f.web.ownerUrl}incidents/1/summary.md`)).text();
    expect(md).toContain('1. Find out why the site returns 502: Dana 30 min → Sam 1 h (done)');
    expect(md).toContain("Under Wanderlust Travel's SLA, this outage earns a credit of $45.00");
    const svg = await get(`${f.web.ownerUrl}incidents/1/swimlane.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('keeps the credit advice for the owner: a client’s summary leaves it out', async () => {
    const md = await (await get(`${f.web.clientUrl('wanderlust')}incidents/1/summary.md`)).text();
    expect(md).toContain('1. Find out why the site returns 502');
    expect(md).not.toContain('Service credit');
  });
});

describe('live updates', () => {
  it('sends a changed event to the incident’s stream after a committed change, and not to others', async () => {
    const controller = new AbortController();
    const res = await get(`${f.web.ownerUrl}events?incident=2`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const readUntil = async (needle: string) => {
      while (!seen.includes(needle)) seen += decoder.decode((await reader.read()).value);
    };
    await readUntil('event: ready');
    await f.h.as('priya', '/incident step add Call the payment provider', 2);
    await readUntil('event: changed');
    expect(seen).toContain('data: {"incident":2}');
    controller.abort();
    // A client may not subscribe to another client's incident.
    expect((await get(`${f.web.clientUrl('acme')}events?incident=1`)).status).toBe(404);
  });
});
