// The pure half of the timers: what a due deadline records, and when it records nothing.

import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident-types.ts';
import {
  decideReminder,
  remindersSinceUpdate,
  updateReminderDelay,
  type UpdateCadence,
} from '../../src/domain/reminders.ts';
import type { EventType } from '../../src/domain/timeline-types.ts';
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

const MIN = 60_000;
const HOUR = 60 * MIN;
const DEFAULT_CADENCE: UpdateCadence = { firstMs: 30 * MIN, maxMs: 8 * HOUR };

describe('updateReminderDelay: the client-update reminders back off while nobody updates', () => {
  it('waits 30 min, then 1 h, 2 h, 4 h, and never more than 8 h', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 50, 2_000].map((n) => updateReminderDelay(n, DEFAULT_CADENCE));
    expect(delays).toEqual([
      30 * MIN,
      1 * HOUR,
      2 * HOUR,
      4 * HOUR,
      8 * HOUR,
      8 * HOUR,
      8 * HOUR,
      8 * HOUR,
      8 * HOUR,
    ]);
  });

  it('follows the configured first interval and cap, even when the cap is not a doubling of it', () => {
    const cadence = { firstMs: 20 * MIN, maxMs: 1 * HOUR };
    expect([0, 1, 2, 3].map((n) => updateReminderDelay(n, cadence))).toEqual([
      20 * MIN,
      40 * MIN,
      60 * MIN,
      60 * MIN,
    ]);
    // A cap equal to the first interval is the old fixed cadence.
    const fixed = { firstMs: 30 * MIN, maxMs: 30 * MIN };
    expect([0, 1, 7].map((n) => updateReminderDelay(n, fixed))).toEqual([30 * MIN, 30 * MIN, 30 * MIN]);
  });
});

describe('remindersSinceUpdate: the backoff is read from the timeline, so it survives a restart', () => {
  const events = (...types: EventType[]) => types.map((type) => ({ type }));

  it('counts the update reminders since the incident was opened', () => {
    expect(remindersSinceUpdate(events('incident.opened'))).toBe(0);
    expect(
      remindersSinceUpdate(
        events('incident.opened', 'update.reminded', 'step.added', 'update.reminded', 'handoff.reminded'),
      ),
    ).toBe(2);
  });

  it('starts again from zero at a client update and at a reopening', () => {
    const updated = events('incident.opened', 'update.reminded', 'update.reminded', 'update.posted');
    expect(remindersSinceUpdate(updated)).toBe(0);
    expect(remindersSinceUpdate([...updated, ...events('update.reminded')])).toBe(1);
    const reopened = events(
      'incident.opened',
      'update.reminded',
      'update.reminded',
      'update.reminded',
      'incident.resolved',
      'incident.reopened',
      'update.reminded',
    );
    expect(remindersSinceUpdate(reopened)).toBe(1);
  });

  it('gives the schedule a whole outage follows: back off, reset on an update, back off again', () => {
    // Replays the cadence the way the deadlines arm it: each reminder's delay comes from
    // the reminders already on the timeline.
    const timeline = events('incident.opened');
    const delays: number[] = [];
    const remind = () => {
      delays.push(updateReminderDelay(remindersSinceUpdate(timeline), DEFAULT_CADENCE));
      timeline.push({ type: 'update.reminded' });
    };
    for (let i = 0; i < 6; i++) remind();
    timeline.push({ type: 'update.posted' });
    for (let i = 0; i < 3; i++) remind();
    expect(delays.map((ms) => ms / MIN)).toEqual([30, 60, 120, 240, 480, 480, 30, 60, 120]);
  });
});
