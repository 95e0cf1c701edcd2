// Where rendered e-mails go: an SMTP server (SMTP_URL), or, with no server configured,
// .eml files in the data folder that anyone can open, so the e-mail path works out of the box.

import path from 'node:path';
import type { SendMailOptions } from 'nodemailer';
import type { Clock } from '../../src/app/ports.ts';
import type { EmailMessage } from './email-message.ts';
import { createEmlTransport } from './eml-transport.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export interface SentMail {
  messageId: string;
  /** The addresses the server (or the file) took. */
  accepted: string[];
}

export interface MailTransport {
  /**
   * Sends one message. Throws a PlatformError: permanent when sending it again cannot help
   * (the server bounced it), otherwise worth another try later.
   */
  send(message: EmailMessage): Promise<SentMail>;
  /** Where mail goes, for the start-up log; never with credentials. */
  readonly description: string;
  /** Closes connections; sending afterwards is not supported. */
  close(): void;
}

export interface MailTransportOptions {
  /** SMTP_URL (smtp://user:pass@host:587, smtps://…); unset: .eml files instead. */
  smtpUrl?: string | undefined;
  /** HANDOFF_DATA_DIR: the .eml files go to its outbox-mail folder. */
  dataDir: string;
  /** Prints the one line that tells the console user an e-mail was written. */
  announce: (line: string) => void;
  clock: Clock;
}

export function createMailTransport(options: MailTransportOptions): MailTransport {
  if (options.smtpUrl) return createSmtpTransport({ url: options.smtpUrl });
  return createEmlTransport({
    dir: path.join(options.dataDir, 'outbox-mail'),
    announce: options.announce,
    clock: options.clock,
  });
}

/** The message as nodemailer takes it, the same for every transport. */
export function nodemailerMessage(message: EmailMessage): SendMailOptions {
  return {
    from: message.from,
    to: { name: message.to.name, address: message.to.address },
    date: message.date,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references ? { references: message.references } : {}),
    headers: message.headers,
    // Our messages carry no attachments: nothing a message says may make nodemailer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
