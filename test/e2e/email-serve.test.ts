// Issue 14 in server mode: the real `handoff` process with Slack (the local fake) and a real
// SMTP server on 127.0.0.1, on the example directory. Priya opens an incident on harbour-web
// and hands a step to Mei (Portside, e-mail only) by signed slash commands; Mei's mail arrives
// by SMTP, once, although the server put off her first message with a 451. In headless
// Chromium she follows the Accept link: the page only asks, and the step changes hands on
// the confirming click. Priya is told on Slack, and the owner's page shows Mei reached by
// e-mail, delivered.

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../adapters/slack/slack-world.ts';
import { TestSmtpServer } from '../adapters/email/smtp-test-server.ts';
import { launchChromium } from '../web/chromium.ts';
import { startSlackServer, type SlackServer } from './support/slack-server.ts';
import { until } from './support/spawned-server.ts';

const OWNER_TOKEN = 'owner-token-for-the-email-serve-test';
const PRIYA = 'U01PRIYA';
const MEI = 'mei@portside-hosting.example';
const SUBJECT = '[INC-1] Harbour Bakery: The bakery website shows a 503 error';
let smtp: TestSmtpServer;
let running: SlackServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  smtp = new TestSmtpServer();
  // The first message for Mei is put off, as a greylisting server does: the outbox tries again.
  let refusedOnce = false;
  smtp.refuseMessage = (to) => {
    if (refusedOnce || !to.includes(MEI)) return undefined;
    refusedOnce = true;
    return { code: 451, message: '4.7.1 Greylisted, please try again later' };
  };
  const smtpUrl = await smtp.start();
  running = await startSlackServer({
    ownerToken: OWNER_TOKEN,
    logLevel: 'warn',
    env: {
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'Handoff <handoff@brightdesk.example>',
      HANDOFF_DIRECTORY: path.resolve(import.meta.dirname, '../../examples/directory.yaml'),
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
  await smtp.stop();
});

/** `/incident <text>` typed by a Slack user, signed as Slack signs it; resolves with the answer's text. */
async function slash(user: string, text: string, channel = 'C0GENERAL'): Promise<string> {
  const { slack, server } = running!;
  const id = randomUUID();
  const body = new URLSearchParams({
    team_id: slack.bot.teamId,
    channel_id: channel,
    user_id: user,
    command: '/incident',
    text,
    response_url: slack.responseUrl(id),
    trigger_id: `1.${randomUUID()}`,
  }).toString();
  const response = await postSigned(server.origin(), body);
  expect(response.status).toBe(200);
  const immediate = await response.text();
  await until(
    () => slack.responses.some((r) => r.id === id) || immediate.length > 0,
    `the answer to "${text}"`,
  );
  return [
    immediate,
    ...slack.responses.filter((r) => r.id === id).map((r) => String(r.body.text ?? '')),
  ].join('\n');
}

const mailsToMei = () => smtp.to(MEI);
const link = (mail: ParsedMail, action: 'Accept' | 'Decline') =>
  new RegExp(`^${action}: (http\\S+)$`, 'm').exec(mail.text ?? '')?.[1];

/** The owner's incident page, its Mei row as plain words. */
async function meiOnOwnersPage(): Promise<string> {
  const page = await (await fetch(`${running!.server.origin()}/o/${OWNER_TOKEN}/incidents/1`)).text();
  const row = /<tr data-person="mei">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
  return row
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('server mode with e-mail', () => {
  it('mails an e-mail-only vendor by SMTP, and her Accept link answers in the browser', async () => {
    const { slack, server } = running!;
    await slash(PRIYA, 'open harbour-web The bakery website shows a 503 error');
    await until(() => slack.channelByName('inc-1-harbour-web') !== undefined, 'the incident channel');
    const room = slack.channelByName('inc-1-harbour-web')!.id;
    expect(await slash(PRIYA, 'step add Find out why the site returns 503', room)).toContain('Added step 1');
    expect(
      await slash(
        PRIYA,
        'handoff 1 @Mei The site returns 503 since 09:40; DNS and the certificate are fine. Please check hosting account hb-0412.',
        room,
      ),
    ).toContain('Offered step 1 to Mei (H1)');

    // The greeting (put off once, then taken) and the handoff, each exactly once.
    const mailTo = (words: string) => mailsToMei().find((m) => m.text?.includes(words));
    await until(() => !!mailTo('Hi Mei,') && !!mailTo('wants to hand you'), "Mei's e-mails", 20_000);
    const greeting = mailTo('Hi Mei,');
    const ask = mailTo('wants to hand you');
    expect(greeting!.text).toContain('Hi Mei, Priya reported an outage: INC-1');
    expect(ask!.text).toContain('Mei, Priya wants to hand you step 1 of INC-1');
    expect(ask!.text).toContain('What Priya saw and did: The site returns 503 since 09:40');
    expect(ask!.text).not.toContain('/incident accept');
    for (const mail of [greeting!, ask!]) {
      expect(mail.to).toMatchObject({ value: [{ name: 'Mei', address: MEI }] });
      expect(mail.from).toMatchObject({
        value: [{ name: 'Handoff', address: 'handoff@brightdesk.example' }],
      });
      expect(mail.subject).toBe(SUBJECT);
      expect(mail.messageId).toMatch(/^<handoff\.inc-1\.\d+\.\S+@brightdesk\.example>$/);
    }
    // One thread: both refer to the incident's root, and each has its own id.
    expect(greeting!.inReplyTo).toMatch(/^<handoff\.inc-1\.\d+@brightdesk\.example>$/);
    expect(ask!.inReplyTo).toBe(greeting!.inReplyTo);
    expect(ask!.references).toBe(greeting!.inReplyTo);
    expect(ask!.messageId).not.toBe(greeting!.messageId);
    const accept = link(ask!, 'Accept')!;
    expect(accept.startsWith(`${server.origin()}/answer/`)).toBe(true);
    expect(link(ask!, 'Decline')!.startsWith(`${server.origin()}/answer/`)).toBe(true);
    // Otto (Harbour Bakery) is only on Discord, which is not configured here: he is mailed too.
    await until(() => smtp.to('otto@harbour-bakery.example').length > 0, "Otto's e-mail");

    // Following the link only asks (mail scanners follow links): nothing changes.
    const page = await browser!.newPage();
    await page.goto(accept);
    expect(await page.locator('h1').textContent()).toBe('Accept step 1 of INC-1 from Priya?');
    expect(await slash(PRIYA, 'status', room)).toContain('not accepted yet, so Priya still owns it');

    // The confirming click.
    const [answered] = await Promise.all([
      page.waitForResponse((r) => r.url() === accept && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Accept step 1' }).click(),
    ]);
    expect(answered.status()).toBe(200);
    const done = page.locator('h1', { hasText: 'You accepted' });
    await done.waitFor();
    expect(await done.textContent()).toBe('You accepted step 1 of INC-1');
    expect(await page.locator('.done').textContent()).toContain('Priya has been told');
    await page.close();

    const told = "Priya, Mei accepted H1 via e-mail: step 1 of INC-1 is now Mei's.";
    await until(() => slack.allTexts().some((text) => text.includes(told)), 'Priya told on Slack', 20_000);
    expect(await slash(PRIYA, 'status', room)).toContain(
      'Step 1: Find out why the site returns 503: Mei has it',
    );
    expect(await meiOnOwnersPage()).toMatch(/Mei vendor e-mail delivered/);

    // Nothing lost, nothing doubled: the refused attempt was tried again and arrived once.
    const attemptsForMei = smtp.dataAttempts.filter((to) => to.includes(MEI)).length;
    expect(attemptsForMei).toBe(mailsToMei().length + 1);
    const ids = mailsToMei().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mailsToMei().filter((m) => m.text?.includes('Hi Mei,'))).toHaveLength(1);
  }, 60_000);
});
