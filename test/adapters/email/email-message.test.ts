// The rendering on its own (pure): what a note typed by someone can and cannot do to the
// e-mail, and where the thread ids take their domain from.

import { describe, expect, it } from 'vitest';
import { mailDomainOf, renderEmail, threadRootId } from '../../../adapters/email/email-message.ts';
import type { Notification } from '../../../src/app/ports.ts';
import { T0 } from '../../support/world.ts';

const incident = {
  number: 3,
  title: 'harbourfinch.com returns 503',
  clientName: 'Harbour & Finch',
  siteName: 'harbourfinch.com',
  openedAt: T0,
  timeZone: 'Europe/London',
};
const request: Notification = {
  personId: 'mei',
  personName: 'Mei',
  incidentNumber: 3,
  text: [
    'Mei, Dana wants to hand you step 2 of INC-3 ("Check the web server").',
    'What Dana saw and did: <script>alert(1)</script> & "quotes" at https://status.example/x?a=1&b=2.',
    'Accept: /incident accept H2   Decline: /incident decline H2 <reason>',
    'Until you accept, Dana still owns it.',
  ].join('\n'),
  handoff: { incidentNumber: 3, number: 2 },
};
const links = { accept: 'https://h.test/answer/a"b', decline: 'https://h.test/answer/d<e>' };
const render = (n: Notification, withLinks = true) =>
  renderEmail({
    notification: n,
    address: 'mei@cloudnest.example',
    incident,
    from: 'Handoff <handoff@BrightDesk.example>',
    links: withLinks ? links : undefined,
    unique: 'abc123',
    at: T0,
  });

describe('rendering an e-mail', () => {
  it('escapes everything people typed in the HTML part, links and all', () => {
    const { html } = render(request);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    // A web address in a note becomes a link, its sentence's full stop left out of it.
    expect(html).toContain(
      '<a href="https://status.example/x?a=1&amp;b=2">https://status.example/x?a=1&amp;b=2</a>.',
    );
    expect(html).toContain('<a href="https://h.test/answer/a&quot;b"');
    expect(html).toContain('<a href="https://h.test/answer/d&lt;e&gt;"');
  });

  it('without answer links, a handoff e-mail keeps the chat commands rather than saying nothing', () => {
    const { text } = render(request, false);
    expect(text).toContain('Accept: /incident accept H2   Decline: /incident decline H2 <reason>');
  });

  it('ids carry the incident, its opening time and the domain of MAIL_FROM', () => {
    const mail = render(request);
    expect(mail.messageId).toBe(`<handoff.inc-3.${T0.getTime()}.abc123@brightdesk.example>`);
    expect(mail.inReplyTo).toBe(threadRootId(incident, 'brightdesk.example'));
    expect(mail.references).toEqual([mail.inReplyTo]);
    expect(mail.subject).toBe('[INC-3] Harbour & Finch: harbourfinch.com returns 503');
  });

  it('takes the domain from the address of MAIL_FROM, and falls back to localhost for anything odd', () => {
    expect(mailDomainOf('Handoff <handoff@example.com>')).toBe('example.com');
    expect(mailDomainOf('handoff@mail.example.org')).toBe('mail.example.org');
    expect(mailDomainOf('"a@b" <handoff@x.example>')).toBe('x.example');
    expect(mailDomainOf('Handoff')).toBe('localhost');
    expect(mailDomainOf('Handoff <handoff@evil>\r\nBcc: x@y>')).toBe('localhost');
  });
});
