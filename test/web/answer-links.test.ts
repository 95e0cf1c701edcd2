// Issue 14 in a real headless Chromium: an e-mail's Accept and Decline links, followed as a
// vendor outside chat would. Accept asks for one confirming click; Decline needs a reason;
// a link used twice, another person's link, a forged and an expired one change nothing.
// The core is real (memory store, recording notifier as the console); nothing is mocked.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_LINK_TTL_MS, type AnswerLinks } from '../../src/app/answer-links.ts';
import { createAnswerLinks } from '../../src/web/answer-link-signing.ts';
import type { Logger } from '../../src/app/ports.ts';
import type { TimelineEvent } from '../../src/domain/timeline-types.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createAnswerPages } from '../../src/web/answer-pages.ts';
import { LiveUpdates } from '../../src/web/live-updates.ts';
import { startOwnersWeb, type OwnersWeb } from '../../src/web/owners-web.ts';
import { createHarness, silentLogger, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';
import { launchChromium } from './chromium.ts';
import { OWNER_TOKEN } from './web-fixture.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Keeps a picture of the page for the closing note (test-artifacts/, not committed). */
async function keep(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

let browser: Browser;
let h: Harness;
let web: OwnersWeb;
let links: AnswerLinks;
let logged: string[];

/** Keeps every log line whole, to prove no token reaches the log. */
const recordingLogger: Logger = {
  info: (obj, msg) => void logged.push(JSON.stringify([obj, msg])),
  warn: (obj, msg) => void logged.push(JSON.stringify([obj, msg])),
  error: (obj, msg) => void logged.push(JSON.stringify([obj, msg])),
};

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  logged = [];
  // INC-1 on Acme's shop: Priya, who coordinates, offers step 1 to Sam (H1).
  h = await createHarness(createMemoryStore(), testWorld());
  await h.as('otto', '/incident open acme-shop The shop shows an empty basket');
  await h.as('priya', '/incident step add Check the payment provider', 1);
  await h.as('priya', '/incident handoff 1 @Sam Payments time out at the CloudNest proxy', 1);
  h.notifier.take();
  let origin = '';
  links = createAnswerLinks({ secret: 'browser-test-secret', baseUrl: () => origin, clock: h.clock });
  web = await startOwnersWeb({
    port: 0,
    host: '127.0.0.1',
    ownerToken: OWNER_TOKEN,
    core: h.deps,
    live: new LiveUpdates(),
    logger: silentLogger,
    answers: createAnswerPages({ links, app: h.app, directory: h.deps.directory, logger: recordingLogger }),
  });
  origin = web.server.origin;
});

afterEach(async () => {
  await web?.close();
});

const sams = () => links.urlsFor({ incidentNumber: 1, handoff: 1, personId: 'sam' });
const timeline = (): Promise<TimelineEvent[]> => h.deps.store.transaction((tx) => tx.timeline(1));
const ownerOfStep1 = async () =>
  (await h.deps.store.transaction((tx) => tx.loadIncident(1)))?.steps[0]?.ownerId;

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.setDefaultTimeout(10_000);
  return page;
}

/** A form POST from outside the page, as a second tab or a script would send it. */
function post(url: string, body = ''): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('answering a handoff from an e-mail link, in Chromium', () => {
  it('Accept: a GET only asks; one click accepts, the timeline says via e-mail, the sender is told', async () => {
    const before = await timeline();
    const page = await newPage();
    const response = await page.goto(sams().accept);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Accept step 1 of INC-1 from Priya?');
    expect(await page.locator('blockquote.note').textContent()).toBe(
      'Payments time out at the CloudNest proxy',
    );
    await keep(page, 'answer-accept-question');
    // Following the link (twice, as a mail scanner would) changed nothing.
    await page.reload();
    expect(await timeline()).toEqual(before);
    expect(await ownerOfStep1()).toBe('priya');

    const [answered] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Accept step 1' }).click(),
    ]);
    expect(answered.status()).toBe(200);
    expect(answered.headers()['cache-control']).toBe('no-store');
    expect(answered.headers()['referrer-policy']).toBe('no-referrer');
    await expect.poll(() => page.locator('h1').textContent()).toBe('You accepted step 1 of INC-1');
    expect(await page.locator('.card.done p').first().textContent()).toBe(
      'Step 1 ("Check the payment provider") is yours now. Priya has been told.',
    );
    await keep(page, 'answer-accept-done');

    expect(await ownerOfStep1()).toBe('sam');
    expect((await timeline()).at(-1)).toMatchObject({
      type: 'handoff.accepted',
      actorId: 'sam',
      payload: { via: 'email' },
    });
    expect(h.notifier.take()).toEqual([
      expect.objectContaining({
        personId: 'priya',
        text: "Priya, Sam accepted H1 via e-mail: step 1 of INC-1 is now Sam's.",
      }),
    ]);
    // The owner's incident page shows it in the timeline.
    await page.goto(`${web.ownerUrl}incidents/1`);
    await expect
      .poll(() => page.locator('body').textContent())
      .toContain('Sam accepted H1 via e-mail: step 1 is now theirs.');
    await page.close();
  });

  it('Decline: refused without a reason (the form again, nothing changes), recorded with one', async () => {
    const before = await timeline();
    const page = await newPage();
    await page.goto(sams().decline);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Decline step 1 of INC-1 from Priya?');
    // Spaces pass the browser's `required`; the server is the judge.
    await page.locator('textarea[name=reason]').fill('   ');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Decline step 1' }).click(),
    ]);
    expect(refused.status()).toBe(422);
    await expect
      .poll(() => page.locator('p.error').textContent())
      .toBe('Declining needs a reason, so Priya knows what to do next.');
    expect(await page.locator('textarea[name=reason]').count()).toBe(1);
    await keep(page, 'answer-decline-refused');
    // An empty form sent around the browser's check is refused the same way.
    expect((await post(sams().decline)).status).toBe(422);
    expect(await timeline()).toEqual(before);
    expect(h.notifier.take()).toEqual([]);

    await page.locator('textarea[name=reason]').fill('We do not run that proxy; the bank does.');
    await page.getByRole('button', { name: 'Decline step 1' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You declined step 1 of INC-1');
    expect((await timeline()).at(-1)).toMatchObject({
      type: 'handoff.declined',
      actorId: 'sam',
      payload: { reason: 'We do not run that proxy; the bank does.', via: 'email' },
    });
    expect(await ownerOfStep1()).toBe('priya');
    expect(h.notifier.take().map((n) => n.text)).toEqual([
      'Priya, Sam declined H1 (step 1 of INC-1) via e-mail: "We do not run that proxy; the bank does.". Step 1 stays with Priya.',
    ]);
    await page.close();
  });

  it('a second use changes nothing: the page open in another tab, and the link followed again', async () => {
    const url = sams().accept;
    const first = await newPage();
    const second = await newPage();
    await first.goto(url);
    await second.goto(url);
    await first.getByRole('button', { name: 'Accept step 1' }).click();
    await expect.poll(() => first.locator('h1').textContent()).toBe('You accepted step 1 of INC-1');
    const after = await timeline();
    h.notifier.take();

    const [again] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.getByRole('button', { name: 'Accept step 1' }).click(),
    ]);
    expect(again.status()).toBe(409);
    await expect.poll(() => second.locator('h1').textContent()).toBe('This link has already been used');
    expect(await second.locator('main').textContent()).toContain('Nothing was changed.');
    await second.goto(url);
    expect(await second.locator('h1').textContent()).toBe('This link has already been used');
    expect(await second.locator('button').count()).toBe(0);
    // The e-mail's other link finds the handoff answered.
    await second.goto(sams().decline);
    expect(await second.locator('h1').textContent()).toBe('This handoff was already answered');
    expect((await post(sams().decline, 'reason=Changed+my+mind')).status).toBe(409);

    expect(await timeline()).toEqual(after);
    expect(h.notifier.take()).toEqual([]);
    await first.close();
    await second.close();
  });

  it('another person’s link, a forged signature and an expired link change nothing', async () => {
    const before = await timeline();
    const page = await newPage();
    const danas = links.urlsFor({ incidentNumber: 1, handoff: 1, personId: 'dana' }).accept;
    const [payload, signature] = sams().accept.split('/answer/')[1]!.split('.') as [string, string];
    const forgedClaims = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 'sam', a: 'decline' }),
    ).toString('base64url');
    const forged = `${web.server.origin}/answer/${forgedClaims}.${signature}`;
    const expired = sams().accept;

    const cases = [
      { url: danas, status: 403, heading: 'This link is not for this handoff' },
      { url: forged, status: 403, heading: 'This link is not valid' },
      // Seven days on: the link Sam was sent then is no good any more.
      {
        url: expired,
        status: 410,
        heading: 'This link has expired',
        first: () => h.clock.advance(ANSWER_LINK_TTL_MS),
      },
    ];
    for (const c of cases) {
      c.first?.();
      const response = await page.goto(c.url);
      expect(response?.status()).toBe(c.status);
      expect(await page.locator('h1').textContent()).toBe(c.heading);
      expect(await page.locator('main').textContent()).toContain('Nothing was changed.');
      expect(await page.locator('button').count()).toBe(0);
      expect(response?.headers()['cache-control']).toBe('no-store');
      // Posting the answer anyway is refused alike.
      expect((await post(c.url, 'reason=Not+mine')).status).toBe(c.status);
    }
    expect(await timeline()).toEqual(before);
    expect(await ownerOfStep1()).toBe('priya');
    expect(h.notifier.take()).toEqual([]);
    await page.close();
  });

  it('never logs a token or its signature', async () => {
    const url = sams().accept;
    const token = url.split('/answer/')[1]!;
    const page = await newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Accept step 1' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You accepted step 1 of INC-1');
    await page.close();
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line).not.toContain(token.split('.')[0]!);
      expect(line).not.toContain(token.split('.')[1]!);
    }
  });
});

describe('answer pages over plain HTTP', () => {
  it('refuse a wrong content type, an oversized form and other methods, changing nothing', async () => {
    const before = await timeline();
    const url = sams().decline;
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"reason":"x"}',
    });
    expect(json.status).toBe(415);
    expect((await post(url, `reason=${'x'.repeat(9000)}`)).status).toBe(413);
    expect((await fetch(url, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${web.server.origin}/answer/not-a-token`)).status).toBe(400);
    expect(await timeline()).toEqual(before);
  });

  it('without answer pages the handler serves as before: /answer/ is not found', async () => {
    const plain = await startOwnersWeb({
      port: 0,
      host: '127.0.0.1',
      ownerToken: OWNER_TOKEN,
      core: h.deps,
      live: new LiveUpdates(),
      logger: silentLogger,
    });
    try {
      const token = sams().accept.split('/answer/')[1]!;
      expect((await fetch(`${plain.server.origin}/answer/${token}`)).status).toBe(404);
      expect((await fetch(plain.ownerUrl)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
