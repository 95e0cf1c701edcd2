// One incident: live status (who has the ball), the ownership swimlane, the credit the
// owner should offer, and the whole timeline. Updates itself while the incident is open.

import type { IncidentDetail, OwnerScope, ParticipantReach } from '../../app/owners.ts';
import type { Channel } from '../../domain/channels.ts';
import type { CreditAdvice } from '../../domain/credit-advice.ts';
import { formatDuration } from '../../domain/duration.ts';
import { html, type Html } from '../html.ts';
import { swimlaneFigure } from '../swimlane-figure.ts';
import { layout, when } from './layout.ts';

export interface IncidentPageInput {
  prefix: string;
  scope: OwnerScope;
  scopeName: string;
  detail: IncidentDetail;
  /** Preferred name of a person id (the directory's, or the id if they left it). */
  name: (personId: string) => string;
}

const ago = (from: Date, now: Date) => formatDuration(now.getTime() - from.getTime());

function stepsCard(d: IncidentDetail): Html {
  const { view, now } = d;
  const rows = view.steps.map(
    (s) =>
      html`<tr data-step="${s.number}">
        <td data-label="Step">${s.number}</td>
        <td data-label="What">${s.title}</td>
        <td class="owner" data-label="Owner">${s.owner.name}</td>
        <td data-label="Held">${s.status === 'done' ? 'done' : `for ${ago(s.ownerSince, now)}`}</td>
      </tr>`,
  );
  const pending = view.handoffs.filter((h) => h.status === 'pending');
  return html`<section class="card" id="ball">
    <h2>Who has the ball</h2>
    ${
      rows.length
        ? html`<table class="stack">
            <thead>
              <tr>
                <th>Step</th>
                <th>What</th>
                <th>Owner</th>
                <th>Held</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p class="empty">No steps yet.</p>`
    }
    ${pending.map(
      (h) =>
        html`<p>
          <span class="badge pending">waiting</span> H${h.number}: step ${h.step} offered by
          ${h.proposedBy.name} to ${h.to.name} ${ago(h.proposedAt, now)} ago. Until ${h.to.name} accepts,
          ${h.from.name} still owns it.
        </p>`,
    )}
  </section>`;
}

export function creditCard(credit: CreditAdvice | undefined): Html {
  if (!credit) return html``;
  return html`<section class="card credit${credit.totalCents > 0 ? '' : ' none'}" id="credit">
    <h2>Service credit</h2>
    <p>${credit.sentence}</p>
    <ul>
      ${credit.months.flatMap((m) => m.arithmetic.map((a) => html`<li>${a}</li>`))}
    </ul>
  </section>`;
}

const CHANNEL_NAMES: Record<Channel, string> = {
  slack: 'Slack',
  discord: 'Discord',
  console: 'console',
  email: 'e-mail',
};

/** Owners only: who is reached where, and whether the last e-mail got through (issue 14). */
function peopleCard(d: IncidentDetail, name: (personId: string) => string): Html {
  if (!d.reach.length) return html``;
  const roles = new Map(d.view.participants.map((p) => [p.id, p.role]));
  const lastEmail = (r: ParticipantReach) => {
    if (!r.channels.includes('email')) return html``;
    if (!r.lastEmail) return html`<span class="empty">none sent yet</span>`;
    const at = when(new Date(r.lastEmail.at), d.timeZone);
    return r.lastEmail.status === 'delivered'
      ? html`<span class="badge accepted">delivered</span> ${at}`
      : html`<span class="badge declined">bounced</span>
          ${at}${r.lastEmail.error ? html`<br /><span class="empty">${r.lastEmail.error}</span>` : ''}`;
  };
  return html`<section class="card" id="people">
    <h2>People and how they are reached</h2>
    <table class="stack">
      <thead>
        <tr>
          <th>Person</th>
          <th>Role</th>
          <th>Reached on</th>
          <th>Last e-mail</th>
        </tr>
      </thead>
      <tbody>
        ${d.reach.map(
          (r) =>
            html`<tr data-person="${r.personId}">
              <td data-label="Person">${name(r.personId)}</td>
              <td data-label="Role">${roles.get(r.personId) ?? ''}</td>
              <td data-label="Reached on" class="channels">
                ${r.channels.length ? r.channels.map((c) => CHANNEL_NAMES[c]).join(', ') : html`<span class="empty">no channel</span>`}
              </td>
              <td data-label="Last e-mail" class="last-email">${lastEmail(r)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function handoffsCard(d: IncidentDetail): Html {
  if (!d.view.handoffs.length) return html``;
  return html`<section class="card">
    <h2>Handoffs</h2>
    <table class="stack">
      <thead>
        <tr>
          <th></th>
          <th>Step</th>
          <th>Owner → to</th>
          <th>Outcome</th>
          <th>Note: who saw and did what</th>
        </tr>
      </thead>
      <tbody>
        ${d.view.handoffs.map(
          (h) =>
            html`<tr>
              <td data-label="Handoff">H${h.number}</td>
              <td data-label="Step">${h.step}</td>
              <td data-label="Owner → to">
                ${h.from.name} →
                ${h.to.name}${h.proposedBy.id === h.from.id ? '' : html`<br /><span class="empty">offered by ${h.proposedBy.name}</span>`}
              </td>
              <td data-label="Outcome">
                <span class="badge ${h.status}">${h.status}</span
                >${h.answeredAt ? html`<br /><span class="empty">after ${formatDuration(h.answeredAt.getTime() - h.proposedAt.getTime())}</span>` : ''}${h.reason ? html`<br />“${h.reason}”` : ''}
              </td>
              <td data-label="Note"><strong>${h.proposedBy.name}:</strong> ${h.note}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function renderIncidentPage(input: IncidentPageInput): string {
  const { detail: d, prefix } = input;
  const v = d.view;
  const base = `${prefix}/incidents/${v.number}`;
  const duration = ago(d.summary.openedAt, d.summary.resolvedAt ?? d.now);
  const swimlane = swimlaneFigure({ summary: d.summary, name: input.name, now: d.now, timeZone: d.timeZone });
  const body = html`<h1>${v.ref} · ${v.title}</h1>
    <p class="meta">
      <span><span class="badge ${v.status}" id="status">${v.status}</span></span
      ><span><span class="badge ${v.severity}">${v.severity}</span></span
      ><span>${d.clientName}, ${v.siteName}</span><span>coordinated by ${v.coordinator.name}</span
      ><span>opened ${when(d.summary.openedAt, d.timeZone)}</span
      ><span>${v.status === 'resolved' ? 'took' : 'open for'} ${duration}</span>
    </p>
    <p class="links">
      <a href="${base}/summary">Summary</a><a href="${base}/summary.json">Summary as JSON</a
      ><a href="${base}/swimlane.svg">Swimlane (SVG)</a><a href="${prefix}/">All incidents</a>
    </p>
    ${stepsCard(d)}
    <section class="card">
      <h2>Who held each step</h2>
      ${swimlane}
    </section>
    ${creditCard(d.credit)} ${handoffsCard(d)} ${peopleCard(d, input.name)}
    <section class="card timeline">
      <h2>Timeline</h2>
      <table>
        <tbody>
          ${d.timeline.map(
            (e) =>
              html`<tr data-type="${e.type}">
                <td class="when">${when(e.at, d.timeZone)}</td>
                <td>${e.text}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  return layout({
    title: `${v.ref} ${v.title}`,
    prefix,
    scope: input.scope,
    scopeName: input.scopeName,
    live: `${prefix}/events?incident=${v.number}`,
    body,
  });
}
