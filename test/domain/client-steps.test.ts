// Clients work through the coordinator (design §1.2, issue 12 item 7): a client contact adds
// steps for themselves and hands their steps only to the coordinator; no one pulls another
// client's contact into an incident (design §2 Audiences); whoever owns a step may hand it on.

import { describe, expect, it } from 'vitest';
import { PermissionError } from '../../src/domain/errors.ts';
import { record } from '../../src/domain/evolve.ts';
import { decideAccept, decidePropose } from '../../src/domain/handoffs.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string, minutes = 0): DecisionContext => ({
  directory,
  actorId,
  now: minutesAfter(T0, minutes),
});
const apply = (incident: Incident | null, events: NewEvent[]): Incident =>
  record(incident, incident?.number ?? 1, events).incident;

/** INC-1 on wanderlust-web (Dana coordinates), with step 1 owned by Maria, a client contact. */
function clientOwnsStep(): Incident {
  const opened = apply(
    null,
    decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'Site down', severity: 'sev1' }),
  );
  return apply(opened, decideAddStep(ctx('maria', 1), opened, { title: 'Check the booking mails' }));
}

const types = (events: NewEvent[]) => events.map((e) => e.type);

describe('a client contact', () => {
  it('may add a step for themselves', () => {
    const inc = clientOwnsStep();
    expect(inc.steps).toEqual([expect.objectContaining({ number: 1, ownerId: 'maria' })]);
  });

  it('may not add a step for a vendor: the refusal names the coordinator', () => {
    const inc = clientOwnsStep();
    const add = () => decideAddStep(ctx('maria', 2), inc, { title: 'Restart the server', ownerId: 'sam' });
    expect(add).toThrow(PermissionError);
    expect(add).toThrow(
      'Maria, steps for others go through Dana, who coordinates INC-1: ask Dana, or add it for yourself.',
    );
  });

  it('may not add a step for another contact of their own client either', () => {
    const inc = clientOwnsStep();
    expect(() => decideAddStep(ctx('kevin', 2), inc, { title: 'Call the bank', ownerId: 'maria' })).toThrow(
      'Kevin, steps for others go through Dana',
    );
  });

  it('may add a step and offer it to the coordinator', () => {
    const inc = clientOwnsStep();
    const events = decideAddStep(ctx('maria', 2), inc, { title: 'Find a fallback', ownerId: 'dana' });
    expect(types(events)).toEqual(['step.added', 'handoff.proposed']);
    expect(events[1]?.payload).toMatchObject({ fromId: 'maria', toId: 'dana' });
  });

  it('may hand their own step to the coordinator, and to nobody else', () => {
    const inc = clientOwnsStep();
    const note = 'The booking mails stopped at 07:40.';
    expect(types(decidePropose(ctx('maria', 2), inc, { step: 1, toId: 'dana', note }))).toEqual([
      'handoff.proposed',
    ]);
    const toVendor = () => decidePropose(ctx('maria', 2), inc, { step: 1, toId: 'sam', note });
    expect(toVendor).toThrow(PermissionError);
    expect(toVendor).toThrow(
      'Maria, your steps go to others through Dana, who coordinates INC-1: hand step 1 to Dana (/incident handoff 1 @Dana <what you saw and did>), and Dana finds the right person.',
    );
  });
});

describe('another client’s contact', () => {
  it('is never pulled into an incident by a handoff or a new step', () => {
    let inc = clientOwnsStep();
    inc = apply(inc, decideAddStep(ctx('dana', 2), inc, { title: 'Check the server' }));
    const refusal = 'Otto is a contact of Acme Bakery, another client, and can’t be brought into INC-1.';
    expect(() => decidePropose(ctx('dana', 3), inc, { step: 2, toId: 'otto', note: 'x' })).toThrow(refusal);
    expect(() => decideAddStep(ctx('sam', 3), inc, { title: 'Look', ownerId: 'otto' })).toThrow(refusal);
    expect(inc.participants.map((p) => p.personId)).not.toContain('otto');
  });
});

describe('an observer who owns a step', () => {
  it('may hand it on: ownership, not role, lets a step move', () => {
    const opened = apply(
      null,
      decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'Site down', severity: 'sev1' }),
    );
    // No command makes an observer today; a restored backup can hold one.
    let inc = apply(opened, [
      {
        at: T0,
        actorId: 'dana',
        type: 'participant.joined',
        payload: { personId: 'priya', role: 'observer' },
      },
    ]);
    inc = apply(inc, decideAddStep(ctx('dana', 1), inc, { title: 'Check the server', ownerId: 'priya' }));
    inc = apply(inc, decideAccept(ctx('priya', 2), inc, 1));
    expect(inc.steps[0]?.ownerId).toBe('priya');
    const events = decidePropose(ctx('priya', 3), inc, { step: 1, toId: 'sam', note: 'Disk is full.' });
    expect(types(events)).toEqual(['handoff.proposed']);
    // Owning one step does not make an observer a worker: they still add no steps.
    expect(() => decideAddStep(ctx('priya', 3), inc, { title: 'More' })).toThrow(PermissionError);
  });
});
