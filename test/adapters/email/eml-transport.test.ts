// The embedded default without SMTP: each e-mail is an .eml file in the data folder that a
// mail client (here mailparser) reads back whole, named so the folder sorts by time, never
// two e-mails under one name, never a half-written file; and one console line per e-mail.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailNotifier } from '../../../adapters/email/email-notifier.ts';
import { emailIncidentInfo } from '../../../adapters/email/email-incident.ts';
import { createMailTransport } from '../../../adapters/email/mail-transport.ts';
import { platformRefs } from '../../../src/app/platform-refs.ts';
import { lastEmailStatus } from '../../../adapters/email/email-status.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { createHarness, silentLogger, type Harness } from '../../support/app-harness.ts';
import { fakeAnswerLinks, FROM, inboxWorld, MEI } from './email-world.ts';

let dataDir: string;
let lines: string[];
let h: Harness;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'handoff-eml-'));
  lines = [];
  const directory = inboxWorld();
  const store = createMemoryStore();
  h = await createHarness(store, directory);
  // No SMTP_URL: the transport the composition root gets is the .eml writer.
  const transport = createMailTransport({ dataDir, announce: (line) => lines.push(line), clock: h.clock });
  h.deps.platforms = new Map([
    [
      'email',
      createEmailNotifier({
        directory: () => directory,
        incident: async (n) => {
          const incident = await store.transaction((tx) => tx.loadIncident(n));
          return incident ? emailIncidentInfo(incident, directory) : null;
        },
        transport,
        from: FROM,
        answerLinks: fakeAnswerLinks,
        refs: platformRefs(store, h.clock, 'email'),
        clock: h.clock,
        logger: silentLogger,
      }),
    ],
  ]);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const outboxMail = () => path.join(dataDir, 'outbox-mail');

describe('e-mail as .eml files', () => {
  it('writes each e-mail as a file mailparser reads back, and says so in one line', async () => {
    await h.as('dana', '/incident open harbourfinch-web harbourfinch.com returns 503');
    await h.as('dana', '/incident step add Check the web server');
    // Same millisecond as the greeting: the names must still differ and still sort in order.
    await h.as('dana', '/incident handoff 1 @Mei Disk full on web-2');

    const files = (await readdir(outboxMail())).sort();
    expect(files.filter((f) => !f.endsWith('.eml'))).toEqual([]); // no temporary file left behind
    const mei = files.filter((f) => f.includes('-inc1-mei-'));
    expect(mei).toHaveLength(2);
    for (const name of files) expect(name).toMatch(/^20260301T080000000Z-inc1-[a-z]+-\d{4}\.eml$/);

    const [greeting, request] = await Promise.all(
      mei.map(async (f) => simpleParser(await readFile(path.join(outboxMail(), f)))),
    );
    expect(greeting!.text).toContain('Hi Mei, Dana reported an outage');
    expect(request!.text).toContain('Mei, Dana wants to hand you step 1 of INC-1');
    expect(request!.text).toContain(
      `Accept: ${fakeAnswerLinks.urlsFor({ incidentNumber: 1, handoff: 1, personId: 'mei' }).accept}`,
    );
    expect((request!.to as AddressObject).value).toEqual([{ name: 'Mei', address: MEI }]);
    expect(request!.subject).toBe('[INC-1] Harbour & Finch: harbourfinch.com returns 503');
    expect(request!.inReplyTo).toBe(greeting!.inReplyTo);

    const toMei = lines.filter((l) => l.startsWith('✉ to Mei '));
    expect(toMei).toHaveLength(2);
    const match =
      /^✉ to Mei <mei@cloudnest\.example>: \[INC-1\] Harbour & Finch: harbourfinch\.com returns 503 — open (file:\/\/\/\S+\.eml)$/.exec(
        toMei[1]!,
      );
    expect(match).not.toBeNull();
    const announced = fileURLToPath(match![1]!);
    expect(path.isAbsolute(announced)).toBe(true);
    expect(path.basename(announced)).toBe(mei[1]);
    expect((await simpleParser(await readFile(announced))).messageId).toBe(request!.messageId);
    expect(await lastEmailStatus(platformRefs(h.deps.store, h.clock, 'email'), 1, 'mei')).toMatchObject({
      status: 'delivered',
      messageId: request!.messageId,
    });
  });
});
