// The summary as a page, for reading and for print: a title and headings, the swimlane
// (names, legend, table), the same Markdown that chat gets rendered as HTML, and a
// "Print / save as PDF" button; the print stylesheet makes it a clean document of at
// most two A4 pages. Links to the JSON and Markdown for anyone who wants to process it.

import type { IncidentDetail, OwnerScope, SummaryRead } from '../../app/owners.ts';
import { html } from '../html.ts';
import { markdownToHtml } from '../markdown.ts';
import { swimlaneFigure } from '../swimlane-figure.ts';
import { layout, when } from './layout.ts';

export interface SummaryPageInput {
  prefix: string;
  scope: OwnerScope;
  scopeName: string;
  detail: IncidentDetail;
  summary: SummaryRead;
  name: (personId: string) => string;
}

export function renderSummaryPage(input: SummaryPageInput): string {
  const { detail: d } = input;
  const v = d.view;
  const base = `${input.prefix}/incidents/${v.number}`;
  const title = `${v.ref} summary: ${v.title}`;
  const figure = swimlaneFigure({ summary: d.summary, name: input.name, now: d.now, timeZone: d.timeZone });
  const body = html`<h1>${title}</h1>
    <p class="meta">
      <span>${d.clientName}, ${v.siteName}</span><span>${v.severity}</span
      ><span>opened ${when(d.summary.openedAt, d.timeZone)}</span
      >${d.summary.resolvedAt ? html`<span>resolved ${when(d.summary.resolvedAt, d.timeZone)}</span>` : ''}
    </p>
    <p class="links">
      <button type="button" class="print" data-print>Print / save as PDF</button
      ><a href="${base}">Back to ${v.ref}</a><a href="${base}/summary.json">JSON</a
      ><a href="${base}/summary.md">Markdown</a>
    </p>
    <section class="card">
      <h2>Who held each step</h2>
      ${figure}
    </section>
    <section class="card summary">
      ${markdownToHtml(input.summary.markdown, { heading: 'h2', dropTitle: true })}
    </section>`;
  return layout({
    title,
    prefix: input.prefix,
    scope: input.scope,
    scopeName: input.scopeName,
    live: `${input.prefix}/events?incident=${v.number}`,
    body,
  });
}
