// A real SMTP server on 127.0.0.1 (smtp-server, no TLS, no login) for the e-mail tests:
// every message it accepts is kept raw and as mailparser reads it. A test decides how it
// answers each recipient (RCPT TO) and each message (end of DATA): 250 by default, or any
// 4xx / 5xx with the server's words, as a real server would.

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses. */
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpReply {
  code: number;
  message: string;
}

/** What the server says to a recipient or a message; undefined accepts it. */
export type Refusal = (to: string[]) => SmtpReply | undefined;

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Every message whose DATA ended, accepted or not: how often each was tried. */
  readonly dataAttempts: string[][] = [];
  refuseRecipient: Refusal = () => undefined;
  refuseMessage: Refusal = () => undefined;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const reply = this.refuseRecipient([address.address]);
        callback(reply ? replyError(reply) : null);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          void this.take(Buffer.concat(chunks), session).then(
            (reply) => callback(reply ? replyError(reply) : null),
            (error: unknown) => callback(error as Error),
          );
        });
      },
    });
  }

  private async take(raw: Buffer, session: SMTPServerSession): Promise<SmtpReply | undefined> {
    const to = session.envelope.rcptTo.map((r) => r.address);
    this.dataAttempts.push(to);
    const reply = this.refuseMessage(to);
    // Kept before the 250 goes out: once the client hears it, the test can find the message.
    if (!reply) this.received.push({ to, raw, parsed: await simpleParser(raw) });
    return reply;
  }

  /** Listens on a free port; returns the SMTP_URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The messages accepted for this address. */
  to(address: string): ParsedMail[] {
    return this.received.filter((m) => m.to.includes(address)).map((m) => m.parsed);
  }
}

function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}
