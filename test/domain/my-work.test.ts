import { describe, expect, it } from 'vitest';
import { record } from '../../src/domain/evolve.ts';
import { decideAccept, decidePropose } from '../../src/domain/handoffs.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideResolve } from '../../src/domain/lifecycle.ts';
import { collectMyWork, isNothingWaiting, renderMyWork } from '../../src/domain/my-work.ts';
import { decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideAddStep, decideCompleteStep } from '../../src/domain/steps.ts';
import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string, minutes: number): DecisionContext => ({
  directory,
  actorId,
  now: minutesAfter(T0, minutes),
});
const apply = (incident: Incident, events: NewEvent[]) => record(incident, incident.number, events).incident;

function open(number: number, siteId: string, reporter: string, minutes: number): Incident {
  return record(
    null,
    number,
    decideOpen(ctx(reporter, minutes), { number, siteId, title: 'Site down', severity: 'sev2' }),
  ).incident;
}

/**
 * Sam (vendor) in two incidents: INC-1 (Wanderlust) and INC-2 (Acme).
 *  INC-1: Sam owns step 1 since minute 5, and has offered it to Dana at minute 20;
 *         Dana offers Sam step 2 at minute 30.
 *  INC-2: Priya offers Sam step 1 at minute 10 (the oldest wait); Sam's step 2 is done.
 */
function samsWorld(): Incident[] {
  let one = open(1, 'wanderlust-web', 'maria', 0);
  one = apply(one, decideAddStep(ctx('dana', 1), one, { title: 'Check the web server', ownerId: 'sam' }));
  one = apply(one, decideAccept(ctx('sam', 5), one, 1));
  one = apply(one, decidePropose(ctx('sam', 20), one, { step: 1, toId: 'dana', note: 'Disk is fine; app?' }));
  one = apply(one, decideAddStep(ctx('dana', 30), one, { title: 'Read the PHP logs', ownerId: 'sam' }));
  let two = open(2, 'acme-shop', 'otto', 2);
  two = apply(
    two,
    decideAddStep(ctx('priya', 10), two, { title: 'Restore the shop database', ownerId: 'sam' }),
  );
  two = apply(two, decideAddStep(ctx('sam', 11), two, { title: 'Look at the load balancer' }));
  two = apply(two, decideCompleteStep(ctx('sam', 12), two, 2));
  return [one, two];
}

describe('what is waiting on me', () => {
  it("collects a person's open steps, handoffs to answer (oldest first) and pending offers", () => {
    const work = collectMyWork('sam', samsWorld());
    expect(work.steps.map((h) => [h.incident.number, h.step.number])).toEqual([[1, 1]]);
    expect(work.toAnswer.map((o) => [o.incident.number, o.handoff.number])).toEqual([
      [2, 1],
      [1, 3],
    ]);
    expect(work.offered.map((o) => [o.incident.number, o.handoff.number])).toEqual([[1, 2]]);
  });

  it('renders each item with its incident, age and who is waiting, addressed by name', () => {
    const text = renderMyWork('sam', collectMyWork('sam', samsWorld()), directory, minutesAfter(T0, 60));
    expect(text).toBe(
      [
        'Sam, here is what is waiting on you:',
        'Your open steps:',
        '  • INC-1 (Wanderlust Travel website) step 1: Check the web server (yours for 55 min)',
        'Waiting for your answer (oldest first):',
        '  ⏳ INC-2 H1: step 1 “Restore the shop database”, offered by Priya 50 min ago; Priya is waiting for your answer.',
        '     Answer: /incident INC-2 accept H1, or /incident INC-2 decline H1 <why>',
        '  ⏳ INC-1 H3: step 2 “Read the PHP logs”, offered by Dana 30 min ago; Dana is waiting for your answer.',
        '     Answer: /incident INC-1 accept H3, or /incident INC-1 decline H3 <why>',
        'Your offers still pending:',
        '  → INC-1 H2: step 1 “Check the web server” offered to Dana 40 min ago; not answered yet, so you still own it.',
      ].join('\n'),
    );
  });

  it("names the owner when the coordinator offers someone else's step", () => {
    let one = open(1, 'wanderlust-web', 'maria', 0);
    one = apply(one, decideAddStep(ctx('maria', 1), one, { title: 'Send the error page' }));
    one = apply(one, decidePropose(ctx('dana', 3), one, { step: 1, toId: 'sam', note: 'Maria saw a 502.' }));
    const now = minutesAfter(T0, 13);
    expect(renderMyWork('sam', collectMyWork('sam', [one]), directory, now)).toContain(
      "INC-1 H1: step 1 “Send the error page” (Maria's step), offered by Dana 10 min ago; Dana is waiting for your answer.",
    );
    expect(renderMyWork('maria', collectMyWork('maria', [one]), directory, now)).toContain(
      'INC-1 H1: step 1 “Send the error page” offered by Dana to Sam 10 min ago; not answered yet, so you still own it.',
    );
  });

  it('leaves resolved incidents out and says plainly when nothing is waiting', () => {
    let [one] = samsWorld();
    one = apply(one!, decideResolve(ctx('dana', 40), one!, 'Fixed.'));
    const work = collectMyWork('sam', [one]);
    expect(isNothingWaiting(work)).toBe(true);
    expect(renderMyWork('sam', work, directory, minutesAfter(T0, 41))).toBe(
      'Nothing is waiting on you, Sam: no open steps and no handoffs to answer.',
    );
  });
});
