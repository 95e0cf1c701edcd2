// The embedded default when no SMTP server is configured: each e-mail is written as an .eml
// file (the whole message, as a server would have received it) to the data folder's
// outbox-mail/, and one console line says where, so a new user sees the e-mail path work
// and can open the message in any mail client.

import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import type { Clock } from '../../src/app/ports.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import type { EmailMessage } from './email-message.ts';
import type { MailTransport } from './mail-transport.ts';
import { nodemailerMessage } from './mail-transport.ts';

export interface EmlTransportOptions {
  /** The folder the files go to (created when missing). */
  dir: string;
  /** Prints the line that tells the user an e-mail was written. */
  announce: (line: string) => void;
  clock: Clock;
}

export function createEmlTransport(options: EmlTransportOptions): MailTransport {
  const dir = path.resolve(options.dir);
  // CRLF line ends, as on the wire: the files are what an SMTP server would have stored.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let counter = 0;

  /** `20260301T080000123Z-inc1-mei-0001.eml`: sorts by time, and says whose and which incident. */
  function nameFor(message: EmailMessage): string {
    const stamp = options.clock.now().toISOString().replace(/[-:.]/g, '');
    const incident = message.incidentNumber === undefined ? 'none' : `inc${message.incidentNumber}`;
    const person = message.personId.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'someone';
    counter += 1;
    return `${stamp}-${incident}-${person}-${String(counter).padStart(4, '0')}.eml`;
  }

  async function write(message: EmailMessage, content: Buffer): Promise<string> {
    await mkdir(dir, { recursive: true });
    // Written whole to a hidden temporary file first: a reader never sees half a message.
    const temporary = path.join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // link, unlike rename, never replaces a file: another process's e-mail of the same
      // millisecond keeps its name, and ours takes the next counter.
      for (;;) {
        const file = path.join(dir, nameFor(message));
        try {
          await link(temporary, file);
          return file;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') continue;
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
          // A file system without hard links: the counter keeps names apart within this process.
          await rename(temporary, file);
          return file;
        }
      }
    } finally {
      await unlink(temporary).catch(() => undefined); // gone already after a rename
    }
  }

  return {
    description: dir,
    async send(message) {
      let file: string;
      let messageId: string;
      try {
        const info = await composer.sendMail(nodemailerMessage(message));
        messageId = info.messageId;
        file = await write(message, info.message as Buffer);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        throw new PlatformError(`could not write the e-mail to ${dir} (${code})`, { cause: error });
      }
      try {
        options.announce(announceLine(message, file));
      } catch {
        // The e-mail is written: a console that cannot print must not have it written again.
      }
      return { messageId, accepted: [message.to.address] };
    },
    close() {},
  };
}

/** `✉ to Mei <mei@example.com>: [INC-1] Harbour & Finch: … — open file:///…/x.eml` */
export function announceLine(message: EmailMessage, file: string): string {
  const url = pathToFileURL(path.resolve(file)).href;
  return `✉ to ${message.to.name} <${message.to.address}>: ${message.subject} — open ${url}`;
}
