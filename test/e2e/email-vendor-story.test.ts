// Issue 14: a console story with an e-mail-only vendor, end to end through a real
// `handoff console --web` process fed line by line. Mei (Portside Web Hosting, no chat) is
// greeted, handed a step and reminded by e-mail: .eml files in the data folder, each
// announced with one ✉ line. She accepts from the e-mail's link (a GET that only asks, then
// the confirming POST); Priya is told in the chat, the step is Mei's, the timeline and the
// summary say "via e-mail", and the owner's page shows Mei reached by e-mail, delivered.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/discord/fake-discord.ts';
import { startConsoleWithPages, type ConsoleProcess } from './support/console-process.ts';

const TOKEN = 'owner-token-for-the-email-story';
let chat: ConsoleProcess;
const type = (line: string, until: string) => chat.type(line, until);

/** The e-mails announced so far, in order, parsed from their .eml files. */
async function mails(): Promise<ParsedMail[]> {
  const files = [...chat.output().matchAll(/^✉ to .* — open (file:\S+)$/gm)].map((m) => fileURLToPath(m[1]!));
  return Promise.all(files.map((file) => simpleParser(readFileSync(file))));
}

/** The confirming click on an answer page: the form's POST, as the browser sends it. */
const confirm = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'answer=accept',
  });

const link = (mail: ParsedMail, action: 'Accept' | 'Decline') =>
  new RegExp(`^${action}: (http\\S+)$`, 'm').exec(mail.text ?? '')?.[1];

beforeAll(async () => {
  chat = await startConsoleWithPages(TOKEN);
});

afterAll(() => chat?.stop());

describe('an e-mail-only vendor in a console story', () => {
  it('is greeted, handed a step, reminded and accepts by e-mail; the record says so', async () => {
    await type('/clock 2026-03-10T10:00Z', 'Clock: 2026-03-10T10:00:00Z');
    await type('/as Otto', 'You are now Otto');
    await type('/incident open harbour-web The bakery website shows a 503 error', 'Opened INC-1');
    expect(chat.output()).toMatch(
      /^✉ to Mei <mei@portside-hosting\.example>: \[INC-1\] Harbour Bakery: The bakery website shows a 503 error — open file:\/\/\/\S+\.eml$/m,
    );
    // Mei has no chat: the console shows her e-mail, not a chat message to her.
    expect(chat.output()).not.toContain('Handoff → Mei');

    await type('/as Priya', 'You are now Priya');
    await type('/incident step add Find out why the site returns 503', 'Added step 1');
    await type(
      '/incident handoff 1 @Mei The site returns 503 since 09:40; DNS and the certificate are fine. Please check hosting account hb-0412.',
      'Offered step 1 to Mei (H1)',
    );
    await type('/wait 11m', 'Clock: 2026-03-10T10:11:00Z');

    const [greeting, ask, reminder] = await mails();
    expect(greeting!.to).toMatchObject({ value: [{ name: 'Mei', address: 'mei@portside-hosting.example' }] });
    expect(greeting!.subject).toBe('[INC-1] Harbour Bakery: The bakery website shows a 503 error');
    expect(greeting!.text).toContain('Hi Mei, Otto reported an outage: INC-1');
    expect(ask!.text).toContain('Mei, Priya wants to hand you step 1 of INC-1');
    expect(ask!.text).toContain('What Priya saw and did: The site returns 503 since 09:40');
    expect(ask!.text).not.toContain('/incident accept');
    // One thread: every e-mail of INC-1 refers to the same root.
    const root = greeting!.inReplyTo;
    expect(root).toMatch(/^<handoff\.inc-1\.\d+@localhost>$/);
    for (const mail of [ask!, reminder!]) {
      expect(mail.inReplyTo).toBe(root);
      expect(mail.references).toEqual(root);
    }
    expect(reminder!.text).toMatch(/Mei, a reminder: Priya has been waiting 10 min/);
    const accept = link(ask!, 'Accept')!;
    expect(accept.startsWith(`${chat.origin}/answer/`)).toBe(true);
    expect(link(reminder!, 'Accept')).toMatch(/\/answer\//);

    // Following the link only asks (mail scanners follow links): nothing changes.
    const question = await fetch(accept);
    expect(question.status).toBe(200);
    const page = await question.text();
    expect(page).toContain('Accept step 1 of INC-1 from Priya?');
    await type('/incident status', 'not accepted yet, so Priya still owns it');

    // The confirming click.
    const answered = await confirm(accept);
    expect(answered.status).toBe(200);
    await waitFor(
      () => /Handoff → Priya: Priya, Mei accepted H1 via e-mail/.test(chat.output()),
      'Priya told',
      10_000,
    );
    await type('/incident status', 'Step 1: Find out why the site returns 503: Mei has it');

    // A second use changes nothing.
    const again = await confirm(accept);
    expect(again.status).toBe(409);

    await type('/wait 30m', 'Clock: 2026-03-10T10:41:00Z');
    await type('/incident resolve Portside restarted PHP on the shared host', 'INC-1 is resolved.');
    await type('/incident summary', 'Summary of INC-1');
    await waitFor(
      () => chat.output().includes('Deflections flagged by the blame guard'),
      'the whole summary',
      5_000,
    );
    const out = chat.output();
    const summary = out.slice(out.lastIndexOf('Summary of INC-1'));
    expect(summary).toContain('- H1 step 1, Priya → Mei: accepted via e-mail after 11 min (reminded 1×)');
    expect(summary).toContain('1. Find out why the site returns 503: Priya 11 min → Mei 30 min');

    const owner = await (await fetch(`${chat.origin}/o/${TOKEN}/incidents/1`)).text();
    expect(owner).toContain('Mei accepted H1 via e-mail');
    const mei = /<tr data-person="mei">([\s\S]*?)<\/tr>/.exec(owner)?.[1] ?? '';
    expect(mei.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toMatch(/Mei vendor e-mail delivered/);
  });
});
