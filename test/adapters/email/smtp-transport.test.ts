// How SMTP failures reach the outbox, from a real server's real replies through nodemailer:
// a 5xx is a bounce (permanent, in the server's words), a 4xx or a server that is not there
// is worth another try.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderEmail } from '../../../adapters/email/email-message.ts';
import { createSmtpTransport, withoutCredentials } from '../../../adapters/email/smtp-transport.ts';
import type { MailTransport } from '../../../adapters/email/mail-transport.ts';
import { PlatformError } from '../../../src/domain/errors.ts';
import { TestSmtpServer } from './smtp-test-server.ts';

const FROM = 'Handoff <handoff@brightdesk.example>';
const MEI = 'mei@cloudnest.example';
const message = renderEmail({
  notification: { personId: 'mei', personName: 'Mei', incidentNumber: 1, text: 'Hi Mei' },
  address: MEI,
  incident: null,
  from: FROM,
  unique: '0123456789abcdef',
  at: new Date('2026-03-01T08:00:00Z'),
});

let smtp: TestSmtpServer;
let transport: MailTransport;
beforeEach(async () => {
  smtp = new TestSmtpServer();
  transport = createSmtpTransport({ url: await smtp.start() });
});
afterEach(async () => {
  transport.close();
  await smtp.stop();
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(PlatformError);
      return error as PlatformError;
    },
  );

describe('the SMTP transport', () => {
  it('hands the message over and says what the server took', async () => {
    const sent = await transport.send(message);
    expect(sent).toEqual({ messageId: message.messageId, accepted: [MEI] });
    expect(smtp.to(MEI)[0]?.messageId).toBe(message.messageId);
  });

  it('a recipient refused with 550 is a bounce: permanent, in the server words', async () => {
    smtp.refuseRecipient = () => ({ code: 550, message: '5.1.1 <mei@cloudnest.example>: User unknown' });
    const failure = await failureOf(transport.send(message));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toBe('bounced: 550 5.1.1 <mei@cloudnest.example>: User unknown');
  });

  it('a message refused with 554 after DATA is a bounce too', async () => {
    smtp.refuseMessage = () => ({ code: 554, message: '5.7.1 Message rejected as spam' });
    const failure = await failureOf(transport.send(message));
    expect(failure).toMatchObject({
      permanent: true,
      message: 'bounced: 554 5.7.1 Message rejected as spam',
    });
  });

  it('451 (try again later) is worth another try', async () => {
    smtp.refuseMessage = () => ({ code: 451, message: '4.3.0 Mail server temporarily rejected message' });
    const failure = await failureOf(transport.send(message));
    expect(failure.permanent).toBe(false);
    expect(failure.message).toBe(
      'the mail server deferred it: 451 4.3.0 Mail server temporarily rejected message',
    );
  });

  it('a server that is not there (connection refused) is worth another try', async () => {
    await smtp.stop();
    const failure = await failureOf(transport.send(message));
    expect(failure).toMatchObject({
      permanent: false,
      message: 'could not reach the mail server (ECONNREFUSED)',
    });
    smtp = new TestSmtpServer(); // afterEach stops a running one
    await smtp.start();
  });

  it('never shows the SMTP credentials where it says where mail goes', () => {
    expect(withoutCredentials('smtp://handoff:s3cret@mail.example.com:587')).toBe(
      'smtp://mail.example.com:587',
    );
    const withSecret = createSmtpTransport({ url: 'smtps://u:p4ss@mail.example.com' });
    expect(withSecret.description).toBe('smtps://mail.example.com');
    withSecret.close();
  });
});
