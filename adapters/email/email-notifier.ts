// The Notifier port by e-mail, for people outside chat: each notification becomes one
// message to the person's directory address, through whichever MailTransport is configured.
// The outbox decides who gets e-mail (src/app/outbox.ts) and retries what fails: a failure
// is thrown to it as a PlatformError, permanent for a bounce. After each attempt that
// settles something (sent, or bounced) the outcome is recorded for the owners' page.

import { randomBytes } from 'node:crypto';
import type { PlatformRefs } from '../../src/app/platform-refs.ts';
import type { Clock, Logger, Notification, Notifier } from '../../src/app/ports.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { findPerson } from '../../src/domain/directory-lookup.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import { renderEmail, type AnswerLinks, type EmailIncidentInfo } from './email-message.ts';
import { recordEmailStatus } from './email-status.ts';
import type { MailTransport } from './mail-transport.ts';

export interface EmailNotifierDeps {
  directory: () => Directory;
  /** The incident as e-mails describe it; null when there is no such incident. */
  incident: (incidentNumber: number) => Promise<EmailIncidentInfo | null>;
  transport: MailTransport;
  /** MAIL_FROM, e.g. `Handoff <handoff@example.com>`. */
  from: string;
  /** Signs the Accept / Decline links of handoff e-mails; without it they keep the chat commands. */
  answerLinks?: AnswerLinks | undefined;
  /** The platform refs of `email` (app.refs('email')): where each person's last delivery is noted. */
  refs: PlatformRefs;
  clock: Clock;
  logger: Logger;
}

// Enough to refuse what no server would take; the server judges the rest.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

export function createEmailNotifier(deps: EmailNotifierDeps): Notifier {
  function addressOf(n: Notification): string {
    const address = findPerson(deps.directory(), n.personId)?.email?.trim();
    if (!address) {
      throw new PlatformError(`${n.personName} has no e-mail address in the directory`, { permanent: true });
    }
    if (!ADDRESS.test(address)) {
      throw new PlatformError(`${n.personName}'s e-mail address "${address}" is not valid`, {
        permanent: true,
      });
    }
    return address;
  }

  /** Notes the outcome; a failure to note it must not turn a sent e-mail into a retry (and a second copy). */
  async function note(n: Notification, status: 'delivered' | 'bounced', extra: object): Promise<void> {
    if (n.incidentNumber === undefined) return;
    try {
      await recordEmailStatus(deps.refs, n.incidentNumber, n.personId, {
        status,
        at: deps.clock.now(),
        ...extra,
      });
    } catch (error) {
      deps.logger.warn(
        { err: error, personId: n.personId, incident: n.incidentNumber, status },
        'e-mail outcome not recorded',
      );
    }
  }

  async function deliver(n: Notification, incidents: Map<number, EmailIncidentInfo | null>): Promise<void> {
    const address = addressOf(n);
    const number = n.incidentNumber;
    if (number !== undefined && !incidents.has(number)) incidents.set(number, await deps.incident(number));
    const handoff = n.handoff;
    const links =
      handoff && deps.answerLinks
        ? deps.answerLinks.urlsFor({
            incidentNumber: handoff.incidentNumber,
            handoff: handoff.number,
            personId: n.personId,
          })
        : undefined;
    const message = renderEmail({
      notification: n,
      address,
      incident: number === undefined ? null : (incidents.get(number) ?? null),
      from: deps.from,
      links,
      unique: randomBytes(8).toString('hex'),
      at: deps.clock.now(),
    });
    try {
      const sent = await deps.transport.send(message);
      deps.logger.info({ personId: n.personId, incident: number, messageId: sent.messageId }, 'e-mail sent');
      await note(n, 'delivered', { messageId: sent.messageId });
    } catch (error) {
      const failure =
        error instanceof PlatformError
          ? error
          : new PlatformError('the e-mail could not be sent', { cause: error });
      if (failure.permanent)
        await note(n, 'bounced', { messageId: message.messageId, error: failure.message });
      throw failure;
    }
  }

  return {
    async notify(notifications) {
      const incidents = new Map<number, EmailIncidentInfo | null>();
      let failed: PlatformError | undefined;
      for (const n of notifications) {
        try {
          await deliver(n, incidents);
        } catch (error) {
          const failure =
            error instanceof PlatformError
              ? error
              : new PlatformError('the e-mail could not be prepared', { cause: error });
          // The address is personal data: the log names the person by id and says what happened.
          // A deferral (greylisting, a server away) is retried by the outbox: a warning, not an error.
          deps.logger[failure.permanent ? 'error' : 'warn'](
            {
              personId: n.personId,
              incident: n.incidentNumber,
              reason: failure.message,
              permanent: failure.permanent,
            },
            'e-mail notification failed',
          );
          failed ??= failure;
        }
      }
      // The others were tried all the same; the outbox retries (or settles) the entry.
      if (failed) throw failed;
    },
  };
}
