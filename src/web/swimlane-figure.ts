// The swimlane as the pages show it: step names in a column that stays put while the
// picture scrolls sideways (a phone is 390 px, the picture ~720), each name whole on hover
// or focus; a legend naming every person and every mark; and the same holds as a table,
// for screen readers, for copying, and for anyone who would rather read than look.

import { formatDuration } from '../domain/duration.ts';
import { formatStamp } from '../domain/time-zone.ts';
import { html, trusted, type Html } from './html.ts';
import {
  GAP_LABEL,
  LANE,
  MARKS,
  TOP,
  legendMarker,
  ownerColours,
  renderSwimlane,
  type SwimlaneInput,
} from './swimlane.ts';

function names(input: SwimlaneInput): Html {
  return html`<ol class="lane-names" style="padding-top:${TOP}px">
    ${input.summary.steps.map((s) => {
      const full = `${s.step}. ${s.title}`;
      return html`<li data-step="${s.step}" tabindex="0" title="${full}" style="height:${LANE}px">
        <span>${full}</span>
      </li>`;
    })}
  </ol>`;
}

const icon = (markup: string) =>
  trusted(
    `<svg class="legend-icon" viewBox="-10 -10 20 20" width="18" height="18" aria-hidden="true">${markup}</svg>`,
  );

function legend(input: SwimlaneInput): Html {
  const people = [...ownerColours(input.summary)].map(
    ([id, colour]) =>
      html`<li><span class="swatch" style="background:${colour}"></span>${input.name(id)}</li>`,
  );
  const marks = MARKS.map(([kind, label]) => html`<li>${icon(legendMarker(kind, 0, 0))}${label}</li>`);
  return html`<ul class="swimlane-legend-html" aria-label="Legend">
    ${people}${marks}
    <li><span class="swatch gap"></span>${GAP_LABEL}</li>
    <li><span class="done">✓ done</span></li>
  </ul>`;
}

function table(input: SwimlaneInput): Html {
  const zone = input.timeZone ?? 'UTC';
  const end = input.summary.resolvedAt ?? input.now;
  const rows = input.summary.steps.flatMap((s) =>
    s.holdings.map((h) => {
      const until = h.to ?? s.doneAt;
      const held = formatDuration((until ?? end).getTime() - h.from.getTime());
      return html`<tr>
        <td>${s.step}. ${s.title}</td>
        <td>${input.name(h.ownerId)}</td>
        <td>${formatStamp(h.from, zone)} → ${until ? formatStamp(until, zone) : 'now'}</td>
        <td>${held}</td>
      </tr>`;
    }),
  );
  if (!rows.length) return html``;
  return html`<details class="swimlane-details">
    <summary>The same as a table</summary>
    <table class="swimlane-table">
      <thead>
        <tr>
          <th>Step</th>
          <th>Owner</th>
          <th>From → until</th>
          <th>Held</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </details>`;
}

export function swimlaneFigure(input: SwimlaneInput): Html {
  const svg = renderSwimlane({ ...input, labels: false });
  return html`<figure class="swimlane-figure">
    <div class="swimlane-scroll" tabindex="0" role="group" aria-label="Swimlane; scrolls sideways">
      <div class="swimlane-grid">${names(input)}${trusted(svg)}</div>
    </div>
    ${legend(input)} ${table(input)}
  </figure>`;
}
