import { describe, expect, it } from 'vitest';
import { record } from '../../src/domain/evolve.ts';
import { decideAccept, decideDecline, decidePropose } from '../../src/domain/handoffs.ts';
import { findHandoff, handoffIndex, type Incident } from '../../src/domain/incident-types.ts';
import { decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideAddStep, decideCompleteStep } from '../../src/domain/steps.ts';
import { decideResolve } from '../../src/domain/lifecycle.ts';
import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string, minutes = 0): DecisionContext => ({
  directory,
  actorId,
  now: minutesAfter(T0, minutes),
});

function apply(incident: Incident | null, events: NewEvent[]): Incident {
  return record(incident, incident?.number ?? 1, events).incident;
}

/** INC-1 on wanderlust-web with step 1 "Check the server" owned by Dana. */
function incidentWithStep(): Incident {
  const opened = apply(
    null,
    decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'Site down', severity: 'sev1' }),
  );
  return apply(opened, decideAddStep(ctx('dana', 1), opened, { title: 'Check the server' }));
}

describe('handoffs', () => {
  it('keeps the step with the sender until the addressee accepts', () => {
    let inc = incidentWithStep();
    inc = apply(
      inc,
      decidePropose(ctx('dana', 2), inc, {
        step: 1,
        toId: 'sam',
        note: 'Nginx answers 502; restarted PHP, no change.',
      }),
    );
    expect(inc.steps[0]!.ownerId).toBe('dana');
    expect(inc.handoffs[0]).toMatchObject({ number: 1, fromId: 'dana', toId: 'sam', status: 'pending' });
    inc = apply(inc, decideAccept(ctx('sam', 5), inc, 1));
    expect(inc.steps[0]).toMatchObject({ ownerId: 'sam', ownerSince: minutesAfter(T0, 5) });
    expect(inc.handoffs[0]).toMatchObject({ status: 'accepted', answeredAt: minutesAfter(T0, 5) });
  });

  it('requires a note saying what was seen and done', () => {
    const inc = incidentWithStep();
    expect(() => decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: '   ' })).toThrow(
      /what you saw/,
    );
  });

  it('lets only the owner or the coordinator propose', () => {
    const inc = incidentWithStep();
    expect(() => decidePropose(ctx('sam'), inc, { step: 1, toId: 'maria', note: 'x' })).toThrow(
      'Step 1 is owned by Dana. Only Dana or the coordinator can hand it off.',
    );
  });

  it('allows one pending handoff per step: an owner must wait for the answer', () => {
    let inc = incidentWithStep();
    inc = apply(inc, decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: 'seen X' }));
    inc = apply(inc, decideAccept(ctx('sam'), inc, 1));
    inc = apply(inc, decidePropose(ctx('sam'), inc, { step: 1, toId: 'priya', note: 'DNS?' }));
    expect(() => decidePropose(ctx('sam'), inc, { step: 1, toId: 'kevin', note: 'seen Y' })).toThrow(
      'Step 1 already has a pending handoff (H2) to Priya. Wait for their answer first, or ask the coordinator, Dana, to offer it to someone else.',
    );
  });

  it('lets the coordinator replace a silent handoff, closing the old one on the record', () => {
    let inc = incidentWithStep();
    inc = apply(inc, decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: 'seen X' }));
    expect(() => decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: 'again' })).toThrow(
      'Step 1 is already offered to Sam (H1).',
    );
    const events = decidePropose(ctx('dana', 30), inc, {
      step: 1,
      toId: 'priya',
      note: 'Sam is silent; DNS?',
    });
    expect(events.map((e) => e.type)).toEqual(['handoff.expired', 'participant.joined', 'handoff.proposed']);
    inc = apply(inc, events);
    expect(inc.handoffs.map((h) => [h.number, h.toId, h.status])).toEqual([
      [1, 'sam', 'expired'],
      [2, 'priya', 'pending'],
    ]);
    expect(inc.handoffs[0]!.reason).toBe('Dana, the coordinator, offered step 1 to Priya instead.');
    expect(inc.steps[0]!.ownerId).toBe('dana');
  });

  it('lets only the addressee answer, and a decline needs a reason and leaves the step in place', () => {
    let inc = incidentWithStep();
    inc = apply(inc, decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: 'seen X' }));
    expect(() => decideAccept(ctx('maria'), inc, 1)).toThrow(
      'Handoff H1 is for Sam. Only Sam can accept or decline it.',
    );
    expect(() => decideDecline(ctx('sam'), inc, 1, ' ')).toThrow(/needs a reason/);
    inc = apply(inc, decideDecline(ctx('sam', 3), inc, 1, 'Server is healthy; the app throws.'));
    expect(inc.handoffs[0]).toMatchObject({
      status: 'declined',
      reason: 'Server is healthy; the app throws.',
    });
    expect(inc.steps[0]!.ownerId).toBe('dana');
    expect(() => decideAccept(ctx('sam'), inc, 1)).toThrow('Handoff H1 was already declined.');
  });

  it('pulls in an addressee who was not yet a participant', () => {
    let inc = incidentWithStep();
    inc = apply(inc, decidePropose(ctx('dana'), inc, { step: 1, toId: 'priya', note: 'please check DNS' }));
    expect(inc.participants.find((p) => p.personId === 'priya')?.role).toBe('it');
  });

  it('refuses a handoff to the current owner and to unknown people', () => {
    const inc = incidentWithStep();
    expect(() => decidePropose(ctx('dana'), inc, { step: 1, toId: 'dana', note: 'x' })).toThrow(
      'Dana already owns step 1.',
    );
    expect(() => decidePropose(ctx('dana'), inc, { step: 1, toId: 'nobody', note: 'x' })).toThrow(
      /Nobody with the id/,
    );
    expect(() => decidePropose(ctx('dana'), inc, { step: 9, toId: 'sam', note: 'x' })).toThrow(
      /There is no step 9/,
    );
  });

  it('turns "step add @owner" into a handoff the owner must accept', () => {
    const opened = incidentWithStep();
    const inc = apply(opened, decideAddStep(ctx('dana'), opened, { title: 'Check disk', ownerId: 'sam' }));
    expect(inc.steps[1]).toMatchObject({ number: 2, ownerId: 'dana' });
    expect(inc.handoffs[0]).toMatchObject({ stepNumber: 2, toId: 'sam', status: 'pending' });
  });

  it('expires pending handoffs explicitly when the step is done or the incident resolves', () => {
    let inc = incidentWithStep();
    inc = apply(inc, decidePropose(ctx('dana'), inc, { step: 1, toId: 'sam', note: 'seen X' }));
    const done = apply(inc, decideCompleteStep(ctx('dana'), inc, 1));
    expect(done.handoffs[0]).toMatchObject({ status: 'expired', reason: 'Step 1 was marked done by Dana.' });
    const resolved = apply(inc, decideResolve(ctx('dana'), inc, 'Fixed'));
    expect(resolved.handoffs[0]!.status).toBe('expired');
    expect(resolved.status).toBe('resolved');
    expect(() => decideAddStep(ctx('dana'), resolved, { title: 'x' })).toThrow(/INC-1 is resolved/);
  });
});

describe('finding a handoff by number', () => {
  const h = (number: number) => ({ number }) as Incident['handoffs'][number];

  it('finds it at its place, searches a list in another order, and says when it is not there', () => {
    const inOrder = { handoffs: [h(1), h(2), h(3)] };
    expect(handoffIndex(inOrder, 2)).toBe(1);
    expect(findHandoff(inOrder, 3)).toBe(inOrder.handoffs[2]);
    const shuffled = { handoffs: [h(3), h(1), h(2)] };
    expect(handoffIndex(shuffled, 1)).toBe(1);
    expect(findHandoff(shuffled, 3)).toBe(shuffled.handoffs[0]);
    expect(handoffIndex(inOrder, 4)).toBe(-1);
    expect(findHandoff(inOrder, 0)).toBeUndefined();
  });
});
