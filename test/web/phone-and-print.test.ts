// Issue 15, item 1: the owners' pages on a phone (390 px) and on paper. In a real headless
// Chromium: nothing wider than the screen, a swimlane whose step names can be read, one
// colour per person on every incident, a summary that prints on at most two A4 pages.
// Screenshots at 390 and 1280 px go to test-artifacts/ for a person to look at.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { startWebFixture, type WebFixture } from './web-fixture.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

let f: WebFixture;
let browser: Browser;

async function open(width: number, suffix: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 844 } });
  page.setDefaultTimeout(10_000);
  await page.goto(`${f.web.ownerUrl}${suffix}`);
  return page;
}

const PAGES = [
  ['list', ''],
  ['incident', 'incidents/1'],
  ['summary', 'incidents/1/summary'],
] as const;

beforeAll(async () => {
  f = await startWebFixture();
  // INC-3: Sam holds its first step, so "order of appearance" would give Sam another colour.
  for (const [who, text, room] of [
    ['maria', '/incident open wanderlust-web sev3 Search is slow', undefined],
    ['sam', '/incident step add Restart the search proxy', 3],
  ] as const) {
    const reply = await f.h.as(who, text, room);
    if (reply.error) throw new Error(`${who}: ${text} → ${reply.text}`);
  }
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await f?.stop();
});

describe('the pages on a 390 px phone', () => {
  for (const [name, suffix] of PAGES) {
    it(`${name}: nothing is wider than the screen`, async () => {
      const page = await open(390, suffix);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-390.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
      await page.close();
    });
  }

  it('list: each incident is a card showing status, opened and who has the ball', async () => {
    const page = await open(390, '');
    const card = page.locator('tr[data-incident="INC-2"]');
    for (const label of ['Status', 'Opened', 'Who has the ball']) {
      const cell = card.locator(`td[data-label="${label}"]`);
      expect(await cell.isVisible(), label).toBe(true);
      const box = await cell.boundingBox();
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(390);
    }
    await page.close();
  });

  it('incident: the swimlane’s step names are readable (≥ 11 px) and complete on focus', async () => {
    const page = await open(390, 'incidents/1');
    const names = page.locator('.lane-names [data-step]');
    expect(await names.count()).toBe(2);
    // The rendered size: the computed font size times any scaling of the box it sits in.
    const sizes = await names.evaluateAll((els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const scale = box.height / (el as unknown as { offsetHeight: number }).offsetHeight;
        const style = (
          globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }
        ).getComputedStyle(el);
        return parseFloat(style.fontSize) * scale;
      }),
    );
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(11);
    const first = names.first();
    expect(await first.getAttribute('title')).toBe('1. Find out why the site returns 502');
    await first.focus();
    const shown = await first.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(shown).toBe(true);
    // The same holds, as a table a screen reader can read.
    await page.locator('.swimlane-figure').screenshot({ path: path.join(ARTIFACTS, 'swimlane-390.png') });
    const table = page.locator('table.swimlane-table');
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.textContent()).toContain('Find out why the site returns 502');
    await page.close();
  });

  it('incident: the legend names every mark, expired and resolved-then-reopened included', async () => {
    const page = await open(1280, 'incidents/1');
    const legend = await page.locator('.swimlane-legend-html').textContent();
    for (const word of [
      'Dana',
      'Sam',
      'offered',
      'accepted',
      'declined',
      'expired',
      'resolved, then reopened',
    ])
      expect(legend).toContain(word);
    await page.close();
  });
});

describe('one colour per person', () => {
  const colourOf = async (page: Page, who: string) =>
    page.locator(`svg.swimlane g.span[data-owner="${who}"] rect`).first().getAttribute('fill');

  it('gives Sam the same colour in INC-1 (second owner) and INC-3 (first owner)', async () => {
    const colours = [];
    for (const n of [1, 3]) {
      const page = await open(1280, `incidents/${n}`);
      colours.push(await colourOf(page, 'Sam'));
      await page.close();
    }
    expect(colours[0]).toMatch(/^#/);
    expect(new Set(colours).size).toBe(1);
  });
});

describe('the summary on paper', () => {
  it('has a title and headings, a print link, and prints on at most two A4 pages with the swimlane', async () => {
    const page = await open(1280, 'incidents/1/summary');
    expect(await page.title()).toBe('INC-1 summary: Booking site shows <b>502</b> · Handoff');
    expect(await page.locator('main h1').textContent()).toBe('INC-1 summary: Booking site shows <b>502</b>');
    expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-print]').textContent()).toBe('Print / save as PDF');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('svg.swimlane').isVisible()).toBe(true);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'summary-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await mkdir(ARTIFACTS, { recursive: true });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(ARTIFACTS, 'summary.pdf'), pdf);
    // The page tree's root says how many pages there are: `/Type /Pages … /Count n`.
    const pages = Number(/\/Type\s*\/Pages\b[^>]*?\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.close();
  });
});
