// An SMTP failure as the outbox reads it. A 5xx reply is final: the server will refuse the
// same message again (a bounce), so the entry settles as failed and the coordinator is told,
// in the server's own words. A 4xx reply, a refused or dropped connection, a timeout: the
// server or the network may be back in a minute, so the outbox tries again later.

import { PlatformError } from '../../src/domain/errors.ts';

/** What nodemailer puts on the errors it throws (nodemailer/lib/errors). */
interface NodemailerFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
}

// The server's reply is shown to the coordinator and stored: one line, and not a novel.
const MAX_REPLY_CHARS = 300;

export function smtpDeliveryError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerFailure;
  const status = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const command = typeof failure.command === 'string' ? failure.command.toUpperCase() : '';
  const reply = serverReply(failure, status);
  if (status !== undefined && status >= 500 && status < 600) {
    // A refusal of the recipient or the message is a bounce; of our sender or login, our setup.
    const about = /^(RCPT|DATA|BDAT)/.test(command) || command === '' ? 'bounced' : refusalOf(command);
    return new PlatformError(`${about}: ${reply}`, { cause: error, permanent: true });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new PlatformError(`the mail server deferred it: ${reply}`, { cause: error });
  }
  const code = networkCode(failure);
  if (code) return new PlatformError(`could not reach the mail server (${code})`, { cause: error });
  return new PlatformError(`the mail server did not take it: ${reply}`, { cause: error });
}

function refusalOf(command: string): string {
  if (command.startsWith('AUTH')) return 'the mail server refused our login';
  if (command.startsWith('MAIL')) return 'the mail server refused our sender address (MAIL_FROM)';
  return 'the mail server refused to talk to us';
}

/** `550 5.1.1 No such user here`, cleaned for a timeline line. */
function serverReply(failure: NodemailerFailure, status: number | undefined): string {
  const raw =
    typeof failure.response === 'string' && failure.response.trim()
      ? failure.response
      : typeof failure.message === 'string'
        ? failure.message
        : `${status ?? 'no'} reply`;
  // A server's reply may hold anything; control characters never reach a timeline line.
  const line = raw
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_REPLY_CHARS ? `${line.slice(0, MAX_REPLY_CHARS - 1)}…` : line;
}

// Errors of the connection rather than of the message: nodemailer's own codes and the
// system's (which nodemailer sometimes only names in its message, "connect ECONNREFUSED …").
const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function networkCode(failure: NodemailerFailure): string | undefined {
  const message = typeof failure.message === 'string' ? failure.message : '';
  const system =
    /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)\b/.exec(
      message,
    )?.[1];
  if (system) return system;
  return typeof failure.code === 'string' && NETWORK_CODES.has(failure.code) ? failure.code : undefined;
}
