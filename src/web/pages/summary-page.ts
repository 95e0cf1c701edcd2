// The summary as a page: the same Markdown that chat gets, rendered as HTML, beside the
// swimlane. Links to the JSON for anyone who wants to process it.

import type { OwnerScope, SummaryRead } from '../../app/owners.ts';
import { html, trusted } from '../html.ts';
import { markdownToHtml } from '../markdown.ts';
import { layout } from './layout.ts';

export interface SummaryPageInput {
  prefix: string;
  scope: OwnerScope;
  scopeName: string;
  number: number;
  summary: SummaryRead;
  swimlane: string;
}

export function renderSummaryPage(input: SummaryPageInput): string {
  const base = `${input.prefix}/incidents/${input.number}`;
  const body = html`<p class="links">
      <a href="${base}">Back to INC-${input.number}</a><a href="${base}/summary.json">JSON</a
      ><a href="${base}/summary.md">Markdown</a>
    </p>
    <section class="card"><div class="swimlane-wrap">${trusted(input.swimlane)}</div></section>
    <section class="card summary">${markdownToHtml(input.summary.markdown)}</section>`;
  return layout({
    title: `Summary of INC-${input.number}`,
    prefix: input.prefix,
    scope: input.scope,
    scopeName: input.scopeName,
    live: `${input.prefix}/events?incident=${input.number}`,
    body,
  });
}
