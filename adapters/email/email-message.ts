// One notification as one e-mail, rendered without any I/O: who it goes to (by preferred
// name), a subject that names the incident, the chat text rewritten for an inbox, and the
// threading headers that make one incident one conversation in the reader's mail client.
// A handoff e-mail carries Accept and Decline links instead of the chat commands, which
// mean nothing to someone who lives in their inbox.

import type { AnswerLinks as AppAnswerLinks } from '../../src/app/answer-links.ts';
import type { Notification } from '../../src/app/ports.ts';
import { incidentRef } from '../../src/domain/incident-types.ts';
import { formatStamp } from '../../src/domain/time-zone.ts';
import { renderText, type EmailBlock } from './email-blocks.ts';
import { renderHtml } from './email-html.ts';

/** What an e-mail says about its incident beyond the notification itself. */
export interface EmailIncidentInfo {
  number: number;
  title: string;
  /** The client organisation's name: the subject names whose outage it is. */
  clientName: string;
  siteName: string;
  /** Part of the thread's root id, so a number used again after a wipe starts a new thread. */
  openedAt: Date;
  /** IANA zone the times in the message are written in (the provider's). */
  timeZone: string;
}

/** What an e-mail needs of the app's answer-link port: the URLs, never the verifying. */
export type AnswerLinks = Pick<AppAnswerLinks, 'urlsFor'>;

export interface MailAddress {
  name: string;
  address: string;
}

/** A rendered e-mail, ready for any MailTransport. Ids are written with their angle brackets. */
export interface EmailMessage {
  /** Whom and which incident it is about (for file names and logs, not for headers). */
  personId: string;
  incidentNumber?: number;
  from: string;
  to: MailAddress;
  /** The Date header: the injected clock's time, not the machine's. */
  date: Date;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The incident's root id: every message of an incident answers it, so they form one thread. */
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
}

export interface EmailInput {
  notification: Notification;
  /** The recipient's address (from the directory); the name is the notification's preferred name. */
  address: string;
  /** Null when the incident is unknown: the e-mail then stands alone, outside any thread. */
  incident: EmailIncidentInfo | null;
  /** MAIL_FROM, e.g. `Handoff <handoff@example.com>`; its domain ends every Message-ID. */
  from: string;
  /** The handoff's answer links; absent for other notifications, or when there are none. */
  links?: { accept: string; decline: string } | undefined;
  /** Makes this message's id unique (a few random letters and digits). */
  unique: string;
  /** When it is sent. */
  at: Date;
}

// The chat's answer line ("Accept: /incident accept H2   Decline: /incident decline H2 <reason>"):
// a handoff e-mail carries the links in its place.
const CHAT_ANSWER_LINE = /^Accept: \/incident accept H\d+\b/;

export function renderEmail(input: EmailInput): EmailMessage {
  const { notification: n, incident } = input;
  const domain = mailDomainOf(input.from);
  const blocks = bodyBlocks(n.text, input.links);
  if (incident) blocks.push({ kind: 'footer', text: footerOf(incident) });
  const subject = subjectOf(incident, n.incidentNumber);
  const root = incident ? threadRootId(incident, domain) : undefined;
  const own = incident
    ? `handoff.inc-${incident.number}.${incident.openedAt.getTime()}.${input.unique}`
    : `handoff.${input.unique}`;
  return {
    personId: n.personId,
    ...(n.incidentNumber === undefined ? {} : { incidentNumber: n.incidentNumber }),
    from: input.from,
    to: { name: oneLine(n.personName), address: input.address },
    date: input.at,
    subject,
    text: renderText(blocks),
    html: renderHtml(subject, blocks),
    messageId: `<${own}@${domain}>`,
    ...(root ? { inReplyTo: root, references: [root] } : {}),
    // RFC 3834: out-of-office replies and other auto-responders leave it alone.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** `<handoff.inc-3.1772352000000@example.com>`: the id every message of the incident refers to. */
export function threadRootId(
  incident: Pick<EmailIncidentInfo, 'number' | 'openedAt'>,
  domain: string,
): string {
  return `<handoff.inc-${incident.number}.${incident.openedAt.getTime()}@${domain}>`;
}

/** `[INC-3] Harbour & Finch: harbourfinch.com returns 503`. */
export function subjectOf(incident: EmailIncidentInfo | null, incidentNumber?: number): string {
  if (!incident) {
    return incidentNumber === undefined
      ? 'A message from Handoff'
      : `[${incidentRef(incidentNumber)}] A message from Handoff`;
  }
  return oneLine(`[${incidentRef(incident.number)}] ${incident.clientName}: ${incident.title}`);
}

/** The domain of MAIL_FROM's address (`Handoff <handoff@example.com>` → example.com), else localhost. */
export function mailDomainOf(from: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  // Only what a msg-id's right-hand side may hold; anything odd falls back rather than breaking headers.
  return address.includes('@') && /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'localhost';
}

function bodyBlocks(text: string, links: EmailInput['links']): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  let answered = false;
  for (const line of text.split('\n')) {
    if (links && !answered && CHAT_ANSWER_LINE.test(line)) {
      blocks.push({ kind: 'answer', ...links });
      answered = true;
    } else {
      blocks.push({ kind: 'line', text: line });
    }
  }
  // A handoff text worded without the chat line still gets its links, after the text.
  if (links && !answered) blocks.push({ kind: 'answer', ...links });
  return blocks;
}

function footerOf(incident: EmailIncidentInfo): string {
  const opened = formatStamp(incident.openedAt, incident.timeZone);
  return `Handoff · ${incidentRef(incident.number)} "${oneLine(incident.title)}" on ${incident.siteName} (${incident.clientName}), opened ${opened}.`;
}

/** Header text on one line: a title never spills into a second header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
