// A small in-code directory for domain and use-case tests (the YAML example is
// tested separately in test/directory).

import type { Directory } from '../../src/domain/directory.ts';

export const T0 = new Date('2026-03-01T08:00:00Z');

export function minutesAfter(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000);
}

export function testWorld(): Directory {
  return {
    organisations: [
      { id: 'brightdesk', name: 'BrightDesk IT', kind: 'provider' },
      { id: 'cloudnest', name: 'CloudNest Hosting', kind: 'vendor' },
      { id: 'wanderlust', name: 'Wanderlust Travel', kind: 'client' },
      { id: 'acme', name: 'Acme Bakery', kind: 'client' },
    ],
    people: [
      {
        id: 'dana',
        name: 'Dana',
        organisationId: 'brightdesk',
        handles: { slack: 'U0DANA', discord: '100' },
      },
      { id: 'priya', name: 'Priya', organisationId: 'brightdesk', handles: {} },
      { id: 'sam', name: 'Sam', organisationId: 'cloudnest', handles: { slack: 'U0SAM', discord: '200' } },
      { id: 'maria', name: 'Maria', organisationId: 'wanderlust', handles: { slack: 'U0MARIA' } },
      { id: 'kevin', name: 'Kevin', organisationId: 'wanderlust', handles: { discord: '400' } },
      { id: 'otto', name: 'Otto', organisationId: 'acme', handles: {} },
    ],
    sites: [
      {
        id: 'wanderlust-web',
        name: 'Wanderlust Travel website',
        clientId: 'wanderlust',
        itContactId: 'dana',
        vendorContactIds: ['sam'],
        sla: {
          monthlyFeeCents: 45000,
          uptimeTarget: 99.9,
          creditTiers: [
            { belowPercent: 99.9, creditPercent: 10 },
            { belowPercent: 99, creditPercent: 25 },
          ],
        },
        runbook: 'Check the CloudNest status page, then the web server logs.',
        fallback: 'Static copy at backup.wanderlust.example on another host.',
      },
      {
        id: 'acme-shop',
        name: 'Acme Bakery shop',
        clientId: 'acme',
        itContactId: 'priya',
        vendorContactIds: ['sam'],
        sla: { monthlyFeeCents: 10000, uptimeTarget: 99.5, creditTiers: [] },
      },
    ],
  };
}
