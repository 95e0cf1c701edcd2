// Issue 13: a step's pending handoff is found without a scan of the incident's handoffs,
// and is always the one a scan finds (src/domain/pending-handoffs.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { record } from '../../src/domain/evolve.ts';
import { pendingHandoffFor } from '../../src/domain/handoffs.ts';
import type { Handoff, Incident } from '../../src/domain/incident-types.ts';
import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { openedWithSteps, readableOnlyAt } from '../support/incident-events.ts';
import { T0 } from '../support/world.ts';

const STEPS = [1, 2, 3];

/** INC-1 with three steps, all Dana's. */
const incidentWithSteps = (): Incident => record(null, 1, openedWithSteps(STEPS)).incident;

const offer = (incident: Incident, step: number): NewEvent => ({
  at: T0,
  actorId: 'dana',
  type: 'handoff.proposed',
  payload: { handoff: incident.handoffs.length + 1, step, fromId: 'dana', toId: 'sam', note: 'Your turn' },
});

const answer = (incident: Incident, index: number, kind: 'accepted' | 'declined' | 'expired'): NewEvent => {
  const h = incident.handoffs[index % incident.handoffs.length]!;
  const base = { handoff: h.number, step: h.stepNumber };
  if (kind === 'accepted') {
    return {
      at: T0,
      actorId: 'sam',
      type: 'handoff.accepted',
      payload: { ...base, fromId: 'dana', toId: 'sam' },
    };
  }
  return {
    at: T0,
    actorId: 'sam',
    type: `handoff.${kind}`,
    payload: { ...base, reason: 'Not mine' },
  } as NewEvent;
};

const scanned = (incident: Incident, step: number) =>
  incident.handoffs.find((h) => h.stepNumber === step && h.status === 'pending');

describe('a step pending handoff', () => {
  it('is the one a scan finds, after any offers and answers, on lists evolved or read afresh', () => {
    const move = fc.oneof(
      fc.record({ kind: fc.constant('offer' as const), step: fc.constantFrom(...STEPS) }),
      fc.record({
        kind: fc.constantFrom('accepted' as const, 'declined' as const, 'expired' as const),
        index: fc.nat(50),
      }),
    );
    fc.assert(
      fc.property(fc.array(move, { maxLength: 40 }), fc.nat(40), (moves, askFrom) => {
        let incident = incidentWithSteps();
        moves.forEach((m, i) => {
          // From some point on, asked after every event: lists before it were never worked out.
          if (i >= askFrom) for (const step of STEPS) pendingHandoffFor(incident, step);
          if (m.kind !== 'offer' && incident.handoffs.length === 0) return;
          // Offers where one is pending too, and answers to answered ones: what data may hold.
          const event = m.kind === 'offer' ? offer(incident, m.step) : answer(incident, m.index, m.kind);
          incident = record(incident, 1, [event]).incident;
          const afresh = { ...incident, handoffs: [...incident.handoffs] };
          for (const step of STEPS) {
            expect(pendingHandoffFor(incident, step)).toBe(scanned(incident, step));
            expect(pendingHandoffFor(afresh, step)).toBe(scanned(incident, step));
          }
        });
      }),
    );
  });

  it('is taken over from the list before, not searched for, once that list was asked', () => {
    let incident = incidentWithSteps();
    for (let i = 0; i < 200; i++) {
      incident = record(incident, 1, [offer(incident, 1)]).incident;
      incident = record(incident, 1, [answer(incident, i, 'accepted')]).incident;
    }
    expect(pendingHandoffFor(incident, 1)).toBeUndefined();
    const offered = record(incident, 1, [offer(incident, 2)]).incident;
    // A search would read the list's items: these throw.
    readableOnlyAt(offered.handoffs as Handoff[], []);
    expect(pendingHandoffFor(offered, 1)).toBeUndefined();
    expect(pendingHandoffFor(offered, 2)).toMatchObject({ number: 201, status: 'pending' });
  });
});
