// The frame every owners' page shares: header with the scope, live indicator, <main>.

import type { OwnerScope } from '../../app/owners.ts';
import { formatStamp } from '../../domain/time-zone.ts';
import { html, type Html } from '../html.ts';

export interface PageFrame {
  title: string;
  prefix: string;
  scope: OwnerScope;
  /** Display name of the client for a client link. */
  scopeName: string;
  /** Event-stream URL when the page should update itself live. */
  live?: string | undefined;
  body: Html;
}

export function layout(frame: PageFrame): string {
  const who = frame.scope.kind === 'owner' ? 'Owner view: all clients' : `${frame.scopeName}: read-only`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · Handoff</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body${frame.live ? html` data-live="${frame.live}"` : ''}>
<header class="top">
  <a href="${frame.prefix}/">Handoff</a>
  ${frame.live ? html`<span class="live" data-state="connecting">connecting…</span>` : ''}
  <span class="scope">${who}</span>
</header>
<main>
${frame.body}
</main>
<script src="/assets/live.js" defer></script>
</body>
</html>`.value;
}

/** `2026-03-02 08:15 GMT`: in the provider's zone, the zone named. */
export const when = (at: Date | undefined, zone: string) => (at ? formatStamp(at, zone) : '');
