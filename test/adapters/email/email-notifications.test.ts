// E-mails as a person outside chat receives them: the real core on the memory store, the
// real e-mail notifier and nodemailer, a real SMTP server on 127.0.0.1, each message read
// back with mailparser. Greetings and handoff requests reach an e-mail-only vendor by name,
// under a subject naming the incident, threaded per incident, with Accept / Decline links
// in place of the chat commands.

import type { AddressObject, ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailNotifier } from '../../../adapters/email/email-notifier.ts';
import { escapeHtml } from '../../../adapters/email/email-html.ts';
import { lastEmailStatus } from '../../../adapters/email/email-status.ts';
import { createSmtpTransport } from '../../../adapters/email/smtp-transport.ts';
import { handoffKeys } from '../../../src/app/deadlines.ts';
import { fireDeadline } from '../../../src/app/use-cases/fire-deadline.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { silentLogger } from '../../support/app-harness.ts';
import { T0 } from '../../support/world.ts';
import {
  createEmailWorld,
  DANA,
  fakeAnswerLinks,
  FROM,
  inboxWorld,
  MARIA,
  MEI,
  SOREN,
  type EmailWorld,
} from './email-world.ts';

const ROOT_1 = `<handoff.inc-1.${T0.getTime()}@brightdesk.example>`;
const TITLE = 'harbourfinch.com returns 503 <Service Unavailable>';

let world: EmailWorld;
beforeEach(async () => {
  world = await createEmailWorld({ store: createMemoryStore() });
});
afterEach(async () => {
  await world.close();
});

const firstTo = (mail: ParsedMail) => (mail.to as AddressObject).value[0];
const references = (mail: ParsedMail) => [mail.references ?? []].flat();

async function openAndHandOver(): Promise<void> {
  await world.h.as('dana', `/incident open harbourfinch-web ${TITLE}`);
  await world.h.as('dana', '/incident step add Check the web server');
  await world.h.as('dana', '/incident handoff 1 @Mei Disk full on web-2; cleared /tmp, 503s continue');
}

describe('e-mail to a vendor outside chat', () => {
  it('greets her by her preferred name, under a subject naming the client and the incident', async () => {
    await world.h.as('dana', `/incident open harbourfinch-web ${TITLE}`);
    const [greeting, ...more] = world.smtp.to(MEI);
    expect(more).toEqual([]);
    expect(firstTo(greeting!)).toEqual({ name: 'Mei', address: MEI });
    expect(greeting!.from?.value[0]).toEqual({ name: 'Handoff', address: 'handoff@brightdesk.example' });
    expect(greeting!.subject).toBe(`[INC-1] Harbour & Finch: ${TITLE}`);
    expect(greeting!.text).toContain(`Hi Mei, Dana reported an outage: INC-1 "${TITLE}" on harbourfinch.com`);
    expect(greeting!.text).toContain('Runbook: Check the CloudNest status page, then the web server logs.');
    expect(greeting!.text).toContain(
      `-- \nHandoff · INC-1 "${TITLE}" on harbourfinch.com (Harbour & Finch), opened 2026-03-01 08:00 GMT.`,
    );
    // Everything typed by people is escaped in the HTML part; nothing of it becomes markup.
    expect(greeting!.html).toContain(escapeHtml(`Hi Mei, Dana reported an outage: INC-1 "${TITLE}"`));
    expect(greeting!.html).toContain('Harbour &amp; Finch');
    expect(greeting!.html).not.toContain('<Service Unavailable>');
    expect(greeting!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(greeting!.date).toEqual(T0); // the core's clock, not the machine's
    // Maria, the client contact, gets hers too; Dana opened it and needs none.
    expect(world.smtp.to(MARIA)).toHaveLength(1);
    expect(world.smtp.to(DANA)).toEqual([]);
    expect(await lastEmailStatus(world.refs, 1, 'mei')).toMatchObject({
      status: 'delivered',
      at: T0,
      messageId: greeting!.messageId,
    });
  });

  it('asks her to take a step with Accept and Decline links instead of chat commands', async () => {
    await openAndHandOver();
    const [, request] = world.smtp.to(MEI);
    const links = fakeAnswerLinks.urlsFor({ incidentNumber: 1, handoff: 1, personId: 'mei' });
    expect(request!.subject).toBe(`[INC-1] Harbour & Finch: ${TITLE}`);
    expect(request!.text).toBe(
      [
        'Mei, Dana wants to hand you step 1 of INC-1 ("Check the web server").',
        'What Dana saw and did: Disk full on web-2; cleared /tmp, 503s continue',
        `Accept: ${links.accept}`,
        `Decline: ${links.decline}`,
        'Each link opens a page that asks you to confirm (Decline asks for your reason); nothing changes until you do. The links are yours alone and work once.',
        'Until you accept, Dana still owns it.',
        '',
        '-- ',
        `Handoff · INC-1 "${TITLE}" on harbourfinch.com (Harbour & Finch), opened 2026-03-01 08:00 GMT.`,
        '',
      ].join('\n'),
    );
    expect(request!.text).not.toContain('/incident');
    const html = request!.html as string;
    expect(html).toContain(`<a href="${escapeHtml(links.accept)}"`);
    expect(html).toContain(`<a href="${escapeHtml(links.decline)}"`);
    expect(html).toContain('>Accept</a>');
    expect(html).toContain('>Decline</a>');
    expect(html).not.toContain('/incident');
  });

  it('threads every message of an incident under one root, and another incident under its own', async () => {
    await openAndHandOver();
    const [greeting, request] = world.smtp.to(MEI);
    for (const mail of [greeting!, request!]) {
      expect(mail.messageId).toMatch(/^<handoff\.inc-1\.\d+\.[0-9a-f]{16}@brightdesk\.example>$/);
      expect(mail.inReplyTo).toBe(ROOT_1);
      expect(references(mail)).toEqual([ROOT_1]);
    }
    expect(greeting!.messageId).not.toBe(request!.messageId);

    world.h.clock.set(new Date(T0.getTime() + 60_000));
    await world.h.as('dana', '/incident open harbourfinch-shop Checkout hangs');
    const [first, second] = world.smtp.to(MARIA);
    expect(first!.subject).toBe(`[INC-1] Harbour & Finch: ${TITLE}`);
    expect(second!.subject).toBe('[INC-2] Harbour & Finch: Checkout hangs');
    const root2 = `<handoff.inc-2.${T0.getTime() + 60_000}@brightdesk.example>`;
    expect(references(second!)).toEqual([root2]);
    expect(second!.inReplyTo).toBe(root2);
    expect(references(first!)).toEqual([ROOT_1]);
    // A name beyond ASCII reaches the header intact (nodemailer encodes it, mailparser decodes it).
    expect(firstTo(world.smtp.to(SOREN)[0]!)).toEqual({ name: 'Søren', address: SOREN });
  });

  it('reminds her the same way, with fresh links', async () => {
    await openAndHandOver();
    const [remindKey] = handoffKeys(1, 1) as [string, string];
    const remind = (await world.h.deps.store.transaction((tx) => tx.loadDeadline(remindKey)))!;
    world.h.clock.set(remind.at);
    expect(await fireDeadline(world.h.deps, { key: remindKey, at: remind.at })).toBe('fired');
    const reminder = world.smtp.to(MEI).at(-1)!;
    expect(reminder.text).toContain('Mei, a reminder: Dana has been waiting 10 min for your answer to H1');
    expect(reminder.text).toContain(
      `Accept: ${fakeAnswerLinks.urlsFor({ incidentNumber: 1, handoff: 1, personId: 'mei' }).accept}`,
    );
    expect(reminder.text).not.toContain('/incident');
    expect(reminder.inReplyTo).toBe(ROOT_1);
  });
});

describe('the e-mail notifier on its own', () => {
  it('refuses, for good, someone the directory has no address for', async () => {
    // Nobody listens on port 9: the notifier must refuse before it ever connects.
    const transport = createSmtpTransport({ url: 'smtp://127.0.0.1:9' });
    const notifier = createEmailNotifier({
      directory: inboxWorld,
      incident: async () => null,
      transport,
      from: FROM,
      refs: world.refs,
      clock: world.h.clock,
      logger: silentLogger,
    });
    const failure = await notifier
      .notify([{ personId: 'noor', personName: 'Noor', incidentNumber: 1, text: 'Hi Noor' }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({
      permanent: true,
      message: 'Noor has no e-mail address in the directory',
    });
    transport.close();
  });
});
