// The owners' pages in a real headless Chromium (issue 7): what the owner and a client
// each see, the swimlane's owners in order, and a live page following a handoff.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

let f: WebFixture;
let browser: Browser;

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(10_000);
  return page;
}

beforeAll(async () => {
  f = await startWebFixture();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await f?.stop();
});

describe('owners’ pages in Chromium', () => {
  it('shows the owner every incident, with each client’s read-only link', async () => {
    const page = await newPage();
    await page.goto(f.web.ownerUrl);
    const rows = page.locator('table.incidents tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-incident'))))
      .toEqual(['INC-2', 'INC-1']);
    await expect
      .poll(() => page.locator('code.link').allTextContents())
      .toEqual(expect.arrayContaining([f.web.clientUrl('wanderlust'), f.web.clientUrl('acme')]));
    // The title's markup is shown as text, never interpreted.
    expect(await page.locator('tr[data-incident="INC-1"] td').nth(1).textContent()).toBe(
      'Booking site shows <b>502</b>',
    );
    await page.close();
  });

  it('filters by client, status and month', async () => {
    const page = await newPage();
    const ids = () =>
      page
        .locator('table.incidents tbody tr')
        .evaluateAll((t) => t.map((r) => r.getAttribute('data-incident')));
    await page.goto(`${f.web.ownerUrl}?client=acme`);
    expect(await ids()).toEqual(['INC-2']);
    await page.goto(`${f.web.ownerUrl}?status=resolved`);
    expect(await ids()).toEqual(['INC-1']);
    await page.goto(`${f.web.ownerUrl}?month=2026-04`);
    expect(await page.locator('main').textContent()).toContain('No incidents match.');
    await page.goto(f.web.ownerUrl);
    await page.selectOption('select[name=client]', 'wanderlust');
    await Promise.all([page.waitForURL(/client=wanderlust/), page.click('button[type=submit]')]);
    expect(await ids()).toEqual(['INC-1']);
    await page.close();
  });

  it('shows a client only its own incidents, and 404 for another client’s', async () => {
    const page = await newPage();
    const acme = f.web.clientUrl('acme');
    await page.goto(acme);
    const ids = await page
      .locator('table.incidents tbody tr')
      .evaluateAll((t) => t.map((r) => r.getAttribute('data-incident')));
    expect(ids).toEqual(['INC-2']);
    expect(await page.locator('body').textContent()).not.toContain('Wanderlust');
    expect(await page.locator('code.link').count()).toBe(0);
    for (const suffix of [
      'incidents/1',
      'incidents/1/summary',
      'incidents/1/summary.json',
      'incidents/1/swimlane.svg',
    ]) {
      const response = await page.goto(`${acme}${suffix}`);
      expect(response?.status(), suffix).toBe(404);
    }
    const own = await page.goto(`${acme}incidents/2`);
    expect(own?.status()).toBe(200);
    // A forged link for another client opens nothing.
    const forged = acme.replace('/c/acme/', '/c/wanderlust/');
    expect((await page.goto(forged))?.status()).toBe(404);
    await page.close();
  });

  it('draws the swimlane with the right owners in the right order, and the handoff markers', async () => {
    const page = await newPage();
    await page.goto(`${f.web.ownerUrl}incidents/1`);
    const lane = (step: number) => page.locator(`svg.swimlane g.lane[data-step="${step}"]`);
    const owners = (step: number) =>
      lane(step)
        .locator('g.span')
        .evaluateAll((g) => g.map((x) => x.getAttribute('data-owner')));
    expect(await owners(1)).toEqual(['Dana', 'Sam']);
    expect(await owners(2)).toEqual(['Dana']);
    const markers = await lane(1)
      .locator('[data-marker]')
      .evaluateAll((m) => m.map((x) => `${x.getAttribute('data-handoff')} ${x.getAttribute('data-marker')}`));
    expect(markers).toEqual(['H1 proposed', 'H1 declined', 'H2 proposed', 'H2 accepted']);
    // Sam's span starts where H2's accepted marker is.
    expect(await page.locator('#credit').textContent()).toContain(
      "Under Wanderlust Travel's SLA, this outage earns a credit of $45.00: offer it before they ask.",
    );
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'incident-page.png'), fullPage: true });
    await page.goto(`${f.web.ownerUrl}incidents/1/summary`);
    expect(await page.locator('.summary').textContent()).toContain('Dana waited on Sam for 30 min (H1, H2)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'summary-page.png'), fullPage: true });
    await page.goto(f.web.ownerUrl);
    await page.screenshot({ path: path.join(ARTIFACTS, 'incident-list.png'), fullPage: true });
    await page.close();
  });

  it('updates a live incident page without a reload when a handoff is accepted', async () => {
    const page = await newPage();
    await page.goto(`${f.web.ownerUrl}incidents/2`);
    await page.locator('.live[data-state="connected"]').waitFor();
    expect(await page.locator('tr[data-step="1"] td.owner').textContent()).toBe('Priya');
    // A marker on the window survives only if the page is not reloaded.
    await page.evaluate(() => Object.assign(globalThis, { keptAcrossUpdates: true }));
    const reply = await f.h.as('sam', '/incident accept H1', 2);
    expect(reply.error).toBeUndefined();
    await expect.poll(() => page.locator('tr[data-step="1"] td.owner').textContent()).toBe('Sam');
    expect(await page.evaluate(() => (globalThis as { keptAcrossUpdates?: boolean }).keptAcrossUpdates)).toBe(
      true,
    );
    const owners = await page
      .locator('svg.swimlane g.lane[data-step="1"] g.span')
      .evaluateAll((g) => g.map((x) => x.getAttribute('data-owner')));
    expect(owners).toEqual(['Priya', 'Sam']);
    await page.close();
  });
});
