// The pure half of the timers: what a due deadline records, and when it records nothing.

import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideReminder } from '../../src/domain/reminders.ts';
import { minutesAfter, T0 } from '../support/world.ts';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    number: 1,
    siteId: 'wanderlust-web',
    title: 'Site down',
    severity: 'sev2',
    status: 'open',
    coordinatorId: 'dana',
    reporterId: 'maria',
    openedAt: T0,
    rooms: {},
    participants: [],
    steps: [{ number: 1, title: 'Check', ownerId: 'dana', ownerSince: T0, status: 'open', createdAt: T0 }],
    handoffs: [
      {
        number: 1,
        stepNumber: 1,
        fromId: 'dana',
        toId: 'sam',
        proposedById: 'dana',
        note: 'Disk full',
        status: 'pending',
        proposedAt: T0,
      },
    ],
    version: 5,
    ...overrides,
  };
}

const now = minutesAfter(T0, 10);

describe('decideReminder', () => {
  it('reminds the addressee of a pending handoff, as the bot', () => {
    expect(decideReminder(incident(), { kind: 'handoff.remind', handoffNumber: 1 }, now)).toEqual([
      { type: 'handoff.reminded', at: now, actorId: null, payload: { handoff: 1, step: 1, toId: 'sam' } },
    ]);
  });

  it('escalates to the coordinator', () => {
    expect(decideReminder(incident(), { kind: 'handoff.escalate', handoffNumber: 1 }, now)).toEqual([
      {
        type: 'handoff.escalated',
        at: now,
        actorId: null,
        payload: { handoff: 1, step: 1, coordinatorId: 'dana' },
      },
    ]);
  });

  it('asks the coordinator for a client update while the incident is open or mitigated', () => {
    for (const status of ['open', 'mitigated'] as const) {
      expect(decideReminder(incident({ status }), { kind: 'update.remind' }, now)).toEqual([
        { type: 'update.reminded', at: now, actorId: null, payload: { coordinatorId: 'dana' } },
      ]);
    }
  });

  it('decides nothing once the handoff is answered, for an unknown handoff, or after resolving', () => {
    const answered = incident();
    answered.handoffs[0]!.status = 'accepted';
    expect(decideReminder(answered, { kind: 'handoff.remind', handoffNumber: 1 }, now)).toEqual([]);
    expect(decideReminder(incident(), { kind: 'handoff.escalate', handoffNumber: 9 }, now)).toEqual([]);
    const resolved = incident({ status: 'resolved', resolvedAt: now });
    for (const kind of ['handoff.remind', 'handoff.escalate', 'update.remind'] as const) {
      expect(decideReminder(resolved, { kind, handoffNumber: 1 }, now)).toEqual([]);
    }
  });

  it('never expires a handoff by itself', () => {
    const kinds = ['handoff.remind', 'handoff.escalate', 'update.remind'] as const;
    const events = kinds.flatMap((kind) => decideReminder(incident(), { kind, handoffNumber: 1 }, now));
    expect(events.map((e) => e.type)).not.toContain('handoff.expired');
  });
});
