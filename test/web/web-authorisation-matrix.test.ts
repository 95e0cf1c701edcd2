// The authorisation matrix on the web (issue 12, item 7): every route of src/web/routes.ts
// (and the public assets) × every kind of caller, through the real HTTP server. The subject
// is INC-1, Wanderlust Travel's incident; Acme Bakery is "another client".

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

const CALLERS = ['owner', 'own client', 'other client', 'forged link', 'wrong token', 'no token'] as const;
type Caller = (typeof CALLERS)[number];

/** The path prefix each caller puts before a route. */
function prefix(caller: Caller): string {
  const access = createWebAccess(OWNER_TOKEN);
  const acmeSignature = access.clientPrefix('acme').split('/')[3]!;
  switch (caller) {
    case 'owner':
      return access.ownerPrefix;
    case 'own client':
      return access.clientPrefix('wanderlust');
    case 'other client':
      return access.clientPrefix('acme');
    case 'forged link': // Wanderlust's id with Acme's signature
      return `/c/wanderlust/${acmeSignature}`;
    case 'wrong token':
      return '/o/not-the-owner-token-0123456789';
    case 'no token':
      return '';
  }
}

// prettier-ignore
const MATRIX: Record<string, [number, number, number, number, number, number]> = {
  //                                 owner own   other forged wrong none
  '/':                               [200,  200,  200,  404,   404,  404],
  '/incidents/1':                    [200,  200,  404,  404,   404,  404],
  '/incidents/1/swimlane.svg':       [200,  200,  404,  404,   404,  404],
  '/incidents/1/summary':            [200,  200,  404,  404,   404,  404],
  '/incidents/1/summary.json':       [200,  200,  404,  404,   404,  404],
  '/incidents/1/summary.md':         [200,  200,  404,  404,   404,  404],
  '/events?incident=1':              [200,  200,  404,  404,   404,  404],
  '/events':                         [200,  200,  200,  404,   404,  404],
};

/** Status, and the body unless it is an endless event stream (then only the first chunk). */
async function fetchStatus(url: string): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  if (res.headers.get('content-type')?.includes('text/event-stream')) {
    const first = await res.body!.getReader().read();
    controller.abort();
    return { status: res.status, body: new TextDecoder().decode(first.value) };
  }
  return { status: res.status, body: await res.text() };
}

const cells = Object.entries(MATRIX).flatMap(([route, line]) =>
  CALLERS.map((caller, i) => ({ route, caller, status: line[i]! })),
);

describe('authorisation matrix on the web: route × caller', () => {
  it.each(cells)('$route × $caller → $status', async ({ route, caller, status }) => {
    const { status: got, body } = await fetchStatus(`${f.web.server.origin}${prefix(caller)}${route}`);
    expect(got).toBe(status);
    if (caller === 'owner') return;
    // Nothing but the owner's own pages ever carries the owner token or a Wanderlust detail.
    expect(body).not.toContain(OWNER_TOKEN);
    if (caller !== 'own client') expect(body).not.toMatch(/Wanderlust|Booking site/);
  });

  it.each(['/assets/app.css', '/assets/live.js'])('serves %s to anyone: it holds no data', async (asset) => {
    const { status, body } = await fetchStatus(`${f.web.server.origin}${asset}`);
    expect(status).toBe(200);
    expect(body).not.toMatch(/INC-\d|Wanderlust|Acme/);
  });

  it('gives a client link no credit and no link to the owner’s pages', async () => {
    for (const route of ['/', '/incidents/1', '/incidents/1/summary', '/incidents/1/summary.md']) {
      const { body } = await fetchStatus(`${f.web.server.origin}${prefix('own client')}${route}`);
      expect(body, route).not.toContain('/o/');
      expect(body, route).not.toMatch(/earns a credit|Service credit/);
    }
  });
});
