// The core on a real store with one platform, `email`: the real e-mail notifier sending
// through nodemailer to a real SMTP server on 127.0.0.1. Everyone in this directory lives
// in their inbox (no chat handles), so every notification is an e-mail. Deliveries run
// inline after each command (the default core), or through the background delivery worker
// on the system clock with quick retries, as in production.

import { createEmailNotifier } from '../../../adapters/email/email-notifier.ts';
import { emailIncidentInfo } from '../../../adapters/email/email-incident.ts';
import type { AnswerLinks } from '../../../adapters/email/email-message.ts';
import { createSmtpTransport } from '../../../adapters/email/smtp-transport.ts';
import { DELIVERY_POLICY } from '../../../src/app/deliver.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../../src/app/delivery-worker.ts';
import { platformRefs, type PlatformRefs } from '../../../src/app/platform-refs.ts';
import type { Clock, OutboxEntry, Store } from '../../../src/app/ports.ts';
import type { Directory } from '../../../src/domain/directory.ts';
import { systemClock } from '../../../src/timers/clock.ts';
import { createInProcessTimers } from '../../../src/timers/in-process-timers.ts';
import { createHarness, silentLogger, type Harness } from '../../support/app-harness.ts';
import { waitFor } from '../../support/running-clock.ts';
import { TestSmtpServer } from './smtp-test-server.ts';

export const FROM = 'Handoff <handoff@brightdesk.example>';
export const DANA = 'dana@brightdesk.example';
export const MEI = 'mei@cloudnest.example';
export const SOREN = 'soren@cloudnest.example';
export const MARIA = 'maria@harbourfinch.example';

export function inboxWorld(): Directory {
  return {
    organisations: [
      { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider', timezone: 'Europe/London' },
      { id: 'cloudnest', name: 'CloudNest Hosting', kind: 'vendor' },
      { id: 'harbour', name: 'Harbour & Finch', kind: 'client' },
    ],
    people: [
      { id: 'dana', name: 'Dana', organisationId: 'brightdesk', email: DANA, handles: {} },
      { id: 'mei', name: 'Mei', organisationId: 'cloudnest', email: MEI, handles: {} },
      { id: 'soren', name: 'Søren', organisationId: 'cloudnest', email: SOREN, handles: {} },
      { id: 'maria', name: 'Maria', organisationId: 'harbour', email: MARIA, handles: {} },
      { id: 'noor', name: 'Noor', organisationId: 'brightdesk', handles: {} },
    ],
    sites: [
      {
        id: 'harbourfinch-web',
        name: 'harbourfinch.com',
        clientId: 'harbour',
        itContactId: 'dana',
        vendorContactIds: ['mei'],
        sla: { monthlyFeeCents: 20000, uptimeTarget: 99.9, creditTiers: [] },
        runbook: 'Check the CloudNest status page, then the web server logs.',
      },
      {
        id: 'harbourfinch-shop',
        name: 'shop.harbourfinch.com',
        clientId: 'harbour',
        itContactId: 'dana',
        vendorContactIds: ['soren'],
        sla: { monthlyFeeCents: 10000, uptimeTarget: 99.5, creditTiers: [] },
      },
    ],
  };
}

/** Links the way the web's answer links look, with a character HTML must escape in them. */
export const fakeAnswerLinks: AnswerLinks = {
  urlsFor: ({ incidentNumber, handoff, personId }) => ({
    accept: `https://handoff.test/answer/i${incidentNumber}h${handoff}-${personId}?a=accept&v=1`,
    decline: `https://handoff.test/answer/i${incidentNumber}h${handoff}-${personId}?a=decline&v=1`,
  }),
};

/** Retries within a second or two, and never gives up within a test. */
export const QUICK_RETRIES = { ...DELIVERY_POLICY, maxAttempts: 100, retryBaseMs: 100, retryMaxMs: 500 };

export interface EmailWorld {
  h: Harness;
  smtp: TestSmtpServer;
  refs: PlatformRefs;
  /** Every outbox entry of the e-mail platform. */
  outbox(): Promise<OutboxEntry[]>;
  /** Resolves when no delivery is pending any more. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function createEmailWorld(options: {
  store: Store;
  /** Through the delivery worker on the system clock (default: inline, on the harness's clock). */
  background?: boolean;
}): Promise<EmailWorld> {
  const directory = inboxWorld();
  const smtp = new TestSmtpServer();
  const url = await smtp.start();
  const h = await createHarness(options.store, directory);
  const clock: Clock = { now: () => h.deps.clock.now() };
  const refs = platformRefs(options.store, clock, 'email');
  const transport = createSmtpTransport({ url });
  const notifier = createEmailNotifier({
    directory: () => directory,
    incident: async (n) => {
      const incident = await options.store.transaction((tx) => tx.loadIncident(n));
      return incident ? emailIncidentInfo(incident, directory) : null;
    },
    transport,
    from: FROM,
    answerLinks: fakeAnswerLinks,
    refs,
    clock,
    logger: silentLogger,
  });
  h.deps.platforms = new Map([['email', notifier]]);
  let worker: DeliveryWorker | undefined;
  if (options.background) {
    h.deps.clock = systemClock;
    h.deps.delivery = QUICK_RETRIES;
    worker = createDeliveryWorker(
      h.deps,
      createInProcessTimers({ clock: systemClock, logger: silentLogger }),
    );
    h.deps.deliveries = worker;
    await worker.start();
  }
  const pending = async () =>
    (await options.store.transaction((tx) => tx.listOutbox({ status: 'pending' }))).length;
  return {
    h,
    smtp,
    refs,
    outbox: () =>
      options.store.transaction(async (tx) =>
        (await tx.listOutbox({})).filter((e) => e.platform === 'email'),
      ),
    settled: () => waitFor('every e-mail delivery settled', async () => (await pending()) === 0, 20_000),
    async close() {
      await worker?.stop();
      transport.close();
      await smtp.stop();
      await options.store.close();
    },
  };
}
