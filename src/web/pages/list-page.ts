// The incident list: every incident the scope may see, with filters by client, site,
// status and month, and (for the owner) each client's read-only link. Below ~600 px the
// table turns into one card per incident (CSS, `table.stack`, labels from data-label).

import type { IncidentListFilter, IncidentRow, OwnerScope } from '../../app/owners.ts';
import type { Directory, Organisation } from '../../domain/directory.ts';
import { formatDuration } from '../../domain/duration.ts';
import { timeZoneOf } from '../../domain/time-zone.ts';
import { html, type Html } from '../html.ts';
import { layout, when } from './layout.ts';

export interface ListPageInput {
  prefix: string;
  scope: OwnerScope;
  scopeName: string;
  rows: IncidentRow[];
  filter: IncidentListFilter;
  clients: Organisation[];
  directory: Directory;
  now: Date;
  /** Absolute client links, owner only. */
  clientLinks: Array<{ client: Organisation; url: string }>;
}

const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}" ${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;

function filters(input: ListPageInput): Html {
  const { filter, scope } = input;
  const sites = input.directory.sites.filter((s) => input.clients.some((c) => c.id === s.clientId));
  return html`<form class="filters" method="get" action="${input.prefix}/">
    ${
      scope.kind === 'owner'
        ? html`<label
            >Client<select name="client">
              ${option('', 'All clients', filter.clientId)}${input.clients.map((c) => option(c.id, c.name, filter.clientId))}
            </select></label
          >`
        : ''
    }
    <label
      >Site<select name="site">
        ${option('', 'All sites', filter.siteId)}${sites.map((s) => option(s.id, s.name, filter.siteId))}
      </select></label
    >
    <label
      >Status<select name="status">
        ${option('', 'Any status', filter.status)}${['open', 'mitigated', 'resolved'].map((s) => option(s, s, filter.status))}
      </select></label
    >
    <label>Month<input type="month" name="month" value="${filter.month ?? ''}" /></label>
    <button type="submit">Filter</button>
  </form>`;
}

function row(input: ListPageInput, r: IncidentRow): Html {
  const age = formatDuration((r.resolvedAt ?? input.now).getTime() - r.openedAt.getTime());
  return html`<tr data-incident="${r.ref}">
    <td data-label="Incident"><a href="${input.prefix}/incidents/${r.number}">${r.ref}</a></td>
    <td data-label="What">${r.title}</td>
    <td data-label="Client · site">${r.clientName}<br /><span class="empty">${r.siteName}</span></td>
    <td data-label="Sev"><span class="badge ${r.severity}">${r.severity}</span></td>
    <td data-label="Status"><span class="badge ${r.status}">${r.status}</span></td>
    <td data-label="Opened">
      ${when(r.openedAt, timeZoneOf(input.directory))}<br /><span class="empty"
        >${r.status === 'resolved' ? `took ${age}` : `for ${age}`}</span
      >
    </td>
    <td data-label="Who has the ball">
      ${r.holders.length ? r.holders.join(', ') : html`<span class="empty">${r.status === 'resolved' ? '—' : 'no open steps'}</span>`}${r.pendingHandoffs ? html`<br /><span class="badge pending">${r.pendingHandoffs} handoff${r.pendingHandoffs > 1 ? 's' : ''} waiting</span>` : ''}
    </td>
  </tr>`;
}

export function renderListPage(input: ListPageInput): string {
  const table = input.rows.length
    ? html`<table class="incidents stack">
        <thead>
          <tr>
            <th>Incident</th>
            <th>What</th>
            <th>Client · site</th>
            <th>Sev</th>
            <th>Status</th>
            <th>Opened</th>
            <th>Who has the ball</th>
          </tr>
        </thead>
        <tbody>
          ${input.rows.map((r) => row(input, r))}
        </tbody>
      </table>`
    : html`<p class="empty">No incidents match.</p>`;
  const links = input.clientLinks.length
    ? html`<section class="card">
        <h2>Client links</h2>
        <p class="meta">
          Read-only: each shows that client's incidents and nothing else. Send each client its own.
        </p>
        <table>
          <tbody>
            ${input.clientLinks.map(
              (l) =>
                html`<tr>
                  <td>${l.client.name}</td>
                  <td><code class="link">${l.url}</code></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`
    : '';
  const body = html`<h1>Incidents</h1>
    <p class="meta">
      <span>${input.rows.length} shown</span><span>times in ${timeZoneOf(input.directory)}</span>
    </p>
    <section class="card">${filters(input)}</section>
    <section class="card">${table}</section>
    ${links}`;
  return layout({
    title: 'Incidents',
    prefix: input.prefix,
    scope: input.scope,
    scopeName: input.scopeName,
    live: `${input.prefix}/events`,
    body,
  });
}
