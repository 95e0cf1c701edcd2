// Each audience gets its part (design §2 Audiences): the runbook is the provider's internal
// instructions, for the people who work the outage; the fallback is for everyone; the
// service credit is the provider's to offer. Clients still see everything else.

import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

const RUNBOOK = 'Runbook: Check the CloudNest status page';
const FALLBACK = 'Fallback: Static copy at backup.wanderlust.example';

let h: Harness;

beforeEach(async () => {
  h = await createHarness(createMemoryStore(), testWorld());
});

describe('opening an incident', () => {
  it('gives a reporting client the fallback but not the internal runbook', async () => {
    const reply = await h.as('maria', '/incident open wanderlust-web sev1 Booking site shows 502');
    expect(reply.text).toContain(FALLBACK);
    expect(reply.text).not.toContain('Runbook');
  });

  it('greets every client contact with the fallback, and the people who work it with the runbook too', async () => {
    await h.as('maria', '/incident open wanderlust-web sev1 Booking site shows 502');
    const sent = new Map(h.notifier.take().map((n) => [n.personId, n.text]));
    expect(sent.get('kevin')).toContain(FALLBACK);
    expect(sent.get('kevin')).not.toContain('Runbook');
    for (const worker of ['dana', 'sam']) {
      expect(sent.get(worker)).toContain(RUNBOOK);
      expect(sent.get(worker)).toContain(FALLBACK);
    }
  });

  it('gives the runbook to the IT contact who opens it', async () => {
    const reply = await h.as('dana', '/incident open wanderlust-web The site is slow');
    expect(reply.text).toContain(RUNBOOK);
    const kevin = h.notifier.take().find((n) => n.personId === 'kevin');
    expect(kevin?.text).not.toContain('Runbook');
  });
});

describe('resolving', () => {
  it('posts the summary in the room without the credit or any owners-only hint', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    h.clock.advance(3 * 60 * 60_000);
    const reply = await h.as('dana', '/incident resolve Restarted PHP-FPM');
    expect(reply.visibility).toBe('room');
    expect(reply.text).toContain('INC-1 is resolved.');
    expect(reply.text).not.toMatch(/owners|credit|SLA/i);
    const clientCopy = await h.as('maria', '/incident INC-1 summary');
    expect(clientCopy.text).toContain('Summary of INC-1');
    expect(clientCopy.text).not.toMatch(/credit|Runbook/i);
    const ownerCopy = await h.as('dana', '/incident INC-1 summary');
    expect(ownerCopy.text).toContain('Service credit');
  });
});

describe('the client’s own page', () => {
  it('comes with the greeting to every client contact when the pages are on, and to nobody else', async () => {
    h.deps.clientLinks = { clientUrl: (clientId) => `https://handoff.example.com/c/${clientId}/sig/` };
    await h.as('dana', '/incident open wanderlust-web The site is slow');
    const sent = new Map(h.notifier.take().map((n) => [n.personId, n.text]));
    for (const client of ['maria', 'kevin']) {
      expect(sent.get(client)).toContain(
        'Follow it on your read-only page: https://handoff.example.com/c/wanderlust/sig/',
      );
    }
    expect(sent.get('sam')).not.toContain('read-only page');
  });

  it('is left out while the pages are off', async () => {
    h.deps.clientLinks = { clientUrl: () => undefined };
    await h.as('dana', '/incident open wanderlust-web The site is slow');
    expect(h.notifier.take().some((n) => n.text.includes('read-only page'))).toBe(false);
  });
});
