// The e-mail platform (issue 14), wired from config: SMTP when SMTP_URL is set, else .eml
// files in the data folder announced on the console. nodemailer and the renderer are loaded
// on the first e-mail, not at start: most console sessions never send one.

import type { AnswerLinks } from '../app/answer-links.ts';
import type { PlatformRefs } from '../app/platform-refs.ts';
import type { Clock, Logger, Notification, Notifier, Store } from '../app/ports.ts';
import type { Config } from '../config.ts';
import type { Directory } from '../domain/directory.ts';

export interface EmailWiring {
  store: Store;
  refs: PlatformRefs;
  clock: Clock;
  logger: Logger;
  directory: () => Directory;
  /** Prints the "✉ to Mei …" line of an e-mail written as a file. */
  announce: (line: string) => void;
  /** Signs the Accept / Decline links; absent, handoff e-mails keep the chat commands. */
  answerLinks?: Pick<AnswerLinks, 'urlsFor'>;
}

export interface EmailPlatform extends Notifier {
  close(): void;
}

export function createEmailPlatform(config: Config, wiring: EmailWiring): EmailPlatform {
  let loading: Promise<{ notifier: Notifier; close(): void }> | undefined;
  const load = () => (loading ??= build(config, wiring));
  return {
    async notify(notifications: Notification[]) {
      await (await load()).notifier.notify(notifications);
    },
    close() {
      void loading?.then((built) => built.close());
    },
  };
}

async function build(config: Config, wiring: EmailWiring): Promise<{ notifier: Notifier; close(): void }> {
  const [{ createEmailNotifier }, { createMailTransport }, { emailIncidentInfo }] = await Promise.all([
    import('../../adapters/email/email-notifier.ts'),
    import('../../adapters/email/mail-transport.ts'),
    import('../../adapters/email/email-incident.ts'),
  ]);
  const transport = createMailTransport({
    ...(config.mail.smtpUrl ? { smtpUrl: config.mail.smtpUrl } : {}),
    dataDir: config.dataDir,
    announce: wiring.announce,
    clock: wiring.clock,
  });
  wiring.logger.info({ mail: transport.description }, 'e-mail platform ready');
  const notifier = createEmailNotifier({
    directory: wiring.directory,
    incident: async (number) => {
      const incident = await wiring.store.transaction((tx) => tx.loadIncident(number));
      return incident ? emailIncidentInfo(incident, wiring.directory()) : null;
    },
    transport,
    from: config.mail.from,
    answerLinks: wiring.answerLinks,
    refs: wiring.refs,
    clock: wiring.clock,
    logger: wiring.logger,
  });
  return { notifier, close: () => transport.close() };
}
