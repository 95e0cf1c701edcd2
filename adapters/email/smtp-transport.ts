// E-mail through an SMTP server (SMTP_URL) with nodemailer. One connection per message: the
// outbox sends one entry at a time and retries each on its own, so a connection that broke
// under one message never takes another down with it.

import nodemailer from 'nodemailer';
import type { MailTransport } from './mail-transport.ts';
import { nodemailerMessage } from './mail-transport.ts';
import { smtpDeliveryError } from './smtp-errors.ts';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /**
   * How long to wait for the server, in ms. Shorter than nodemailer's minutes: a server that
   * hangs gets the entry retried by the outbox instead of holding it for ten minutes.
   */
  timeoutMs?: number;
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 2 * timeout,
  });
  return {
    description: withoutCredentials(options.url),
    async send(message) {
      try {
        const info = await transporter.sendMail(nodemailerMessage(message));
        return { messageId: info.messageId, accepted: info.accepted.map(String) };
      } catch (error) {
        throw smtpDeliveryError(error);
      }
    },
    close: () => transporter.close(),
  };
}

/** `smtp://mail.example.com:587`: the URL as a log may show it. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an SMTP server (SMTP_URL does not parse as a URL)';
  }
}
