// Property: random sequences of commands by random people never break the rules of
// ownership (issue 3 §2): exactly one owner per step, ownership moves only through an
// accepted handoff, every change is on the timeline, unauthorised commands change nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideBlameCheck } from '../../src/domain/blame-guard.ts';
import { HandoffError } from '../../src/domain/errors.ts';
import { record, replay } from '../../src/domain/evolve.ts';
import { decideAccept, decideDecline, decidePropose } from '../../src/domain/handoffs.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideReopen, decideResolve, decideUpdate } from '../../src/domain/lifecycle.ts';
import { decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideAddStep, decideCompleteStep } from '../../src/domain/steps.ts';
import type { NewEvent, TimelineEvent } from '../../src/domain/timeline-types.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const people = directory.people.map((p) => p.id);

type Cmd =
  | { kind: 'add'; title: string; owner: string | null }
  | { kind: 'propose'; step: number; to: string; note: string }
  // The coordinator offering a step, usually someone else's: proposer ≠ owner.
  | { kind: 'reassign'; step: number; to: string; note: string }
  | { kind: 'accept'; handoff: number }
  | { kind: 'decline'; handoff: number; reason: string }
  | { kind: 'done'; step: number }
  | { kind: 'update' | 'resolve' | 'reopen' | 'say'; text: string };

const text = fc.constantFrom(
  '',
  '  ',
  'disk full',
  'not my problem',
  'restarted nginx, still 502',
  'ask the vendor',
  'checked DNS',
);
const num = fc.integer({ min: 0, max: 3 });
const person = fc.constantFrom(...people, 'ghost');
// Actors are often "whoever is relevant right now", so accepted handoffs and
// owner actions happen often enough to matter; plain random people test refusals.
const actorArb = fc.oneof(person, fc.constantFrom('$owner', '$addressee', '$coordinator'));

function pickActor(actor: string, inc: Incident, cmd: Cmd): string {
  const step = 'step' in cmd ? inc.steps.find((s) => s.number === cmd.step) : inc.steps.at(-1);
  const handoff = 'handoff' in cmd ? inc.handoffs.find((h) => h.number === cmd.handoff) : undefined;
  if (cmd.kind === 'reassign') return inc.coordinatorId;
  if (actor === '$owner') return step?.ownerId ?? inc.coordinatorId;
  if (actor === '$addressee') return handoff?.toId ?? 'sam';
  if (actor === '$coordinator') return inc.coordinatorId;
  return actor;
}
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('add' as const), title: text, owner: fc.option(person) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('propose' as const), step: num, to: person, note: text }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reassign' as const), step: num, to: person, note: text }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('accept' as const), handoff: num }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('decline' as const), handoff: num, reason: text }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('done' as const), step: num }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), text }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('say' as const), text }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('resolve' as const, 'reopen' as const), text }) },
);

function decide(ctx: DecisionContext, inc: Incident, cmd: Cmd): NewEvent[] {
  switch (cmd.kind) {
    case 'add':
      return decideAddStep(ctx, inc, { title: cmd.title, ownerId: cmd.owner ?? undefined });
    case 'propose':
    case 'reassign':
      return decidePropose(ctx, inc, { step: cmd.step, toId: cmd.to, note: cmd.note });
    case 'accept':
      return decideAccept(ctx, inc, cmd.handoff);
    case 'decline':
      return decideDecline(ctx, inc, cmd.handoff, cmd.reason);
    case 'done':
      return decideCompleteStep(ctx, inc, cmd.step);
    case 'update':
      return decideUpdate(ctx, inc, cmd.text);
    case 'resolve':
      return decideResolve(ctx, inc, cmd.text);
    case 'reopen':
      return decideReopen(ctx, inc, cmd.text);
    case 'say':
      return decideBlameCheck(ctx, inc, cmd.text).events;
  }
}

/** Someone of a client other than Wanderlust, not yet in the incident: never brought in. */
function otherClientsContact(inc: Incident, personId: string): boolean {
  const person = directory.people.find((p) => p.id === personId);
  const kind = directory.organisations.find((o) => o.id === person?.organisationId)?.kind;
  const inside = inc.participants.some((p) => p.personId === personId);
  return !inside && kind === 'client' && person?.organisationId !== 'wanderlust';
}

/** An independent statement of who may do what, checked against the rules' behaviour. */
function authorised(inc: Incident, actor: string, cmd: Cmd): boolean {
  const participant = inc.participants.find((p) => p.personId === actor);
  const coordinator = actor === inc.coordinatorId;
  const live = inc.status !== 'resolved';
  // A client contact works through the coordinator (design §1.2): new steps for themselves,
  // their steps handed only to the coordinator.
  const client = participant?.role === 'client';
  const throughCoordinator = (to: string) => !client || to === actor || to === inc.coordinatorId;
  switch (cmd.kind) {
    case 'add': {
      const owner = cmd.owner ?? actor;
      return (
        live &&
        !!participant &&
        participant.role !== 'observer' &&
        throughCoordinator(owner) &&
        !otherClientsContact(inc, owner)
      );
    }
    case 'propose':
    case 'reassign': {
      // Nobody offers a step to themselves or to its owner; the coordinator may offer anyone's.
      const step = inc.steps.find((s) => s.number === cmd.step);
      const mayOffer = !!step && (step.ownerId === actor || coordinator);
      return (
        live &&
        !!participant &&
        mayOffer &&
        cmd.to !== actor &&
        cmd.to !== step.ownerId &&
        throughCoordinator(cmd.to) &&
        !otherClientsContact(inc, cmd.to)
      );
    }
    case 'done': {
      const step = inc.steps.find((s) => s.number === cmd.step);
      return live && !!participant && !!step && (step.ownerId === actor || coordinator);
    }
    case 'accept':
    case 'decline':
      return live && inc.handoffs.some((h) => h.number === cmd.handoff && h.toId === actor);
    case 'update':
    case 'resolve':
      return live && coordinator;
    case 'reopen':
      return !live && (coordinator || participant?.role === 'client');
    case 'say':
      return true;
  }
}

function checkInvariants(
  before: Incident,
  after: Incident,
  events: TimelineEvent[],
  all: TimelineEvent[],
): void {
  for (const step of after.steps) {
    expect(directory.people.some((p) => p.id === step.ownerId)).toBe(true);
  }
  for (const step of before.steps) {
    const now = after.steps.find((s) => s.number === step.number)!;
    if (now.ownerId !== step.ownerId) {
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'handoff.accepted',
          payload: expect.objectContaining({ step: step.number, toId: now.ownerId }),
        }),
      );
    }
  }
  // The note's author and the step's owner are separate facts: the proposer is the actor,
  // the sender is whoever owned the step at that moment, and nobody is offered their own offer.
  for (const e of events) {
    if (e.type !== 'handoff.proposed') continue;
    const owner = before.steps.find((s) => s.number === e.payload.step)?.ownerId ?? e.actorId;
    expect(e.payload.proposedById).toBe(e.actorId);
    expect(e.payload.fromId).toBe(owner);
    expect(e.payload.toId).not.toBe(e.payload.proposedById);
    expect(e.payload.toId).not.toBe(e.payload.fromId);
    expect(e.actorId === owner || e.actorId === before.coordinatorId).toBe(true);
  }
  expect(replay(all)).toEqual(after);
  const { version: _a, ...restAfter } = after;
  const { version: _b, ...restBefore } = before;
  if (events.length === 0) expect(restAfter).toEqual(restBefore);
  expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
}

describe('ownership property', () => {
  it('holds for random command sequences by random people', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(fc.tuple(actorArb, cmdArb), { minLength: 20, maxLength: 60 }), (script) => {
        const opened = record(
          null,
          1,
          decideOpen(
            { directory, actorId: 'maria', now: T0 },
            { number: 1, siteId: 'wanderlust-web', title: 'down', severity: 'sev1' },
          ),
        );
        let inc = opened.incident;
        const all = [...opened.events];
        script.forEach(([actorHint, cmd], i) => {
          const actor = pickActor(actorHint, inc, cmd);
          const ctx = { directory, actorId: actor, now: minutesAfter(T0, i + 1) };
          let newEvents: NewEvent[] = [];
          try {
            newEvents = decide(ctx, inc, cmd);
          } catch (error) {
            // A refusal is one of ours, with a message for the user; anything else is a bug.
            expect(error).toBeInstanceOf(HandoffError);
            newEvents = [];
          }
          if (newEvents.length > 0 && cmd.kind !== 'say') expect(authorised(inc, actor, cmd)).toBe(true);
          const next = record(inc, 1, newEvents);
          all.push(...next.events);
          for (const e of next.events) {
            const kind =
              e.type === 'handoff.proposed' && e.payload.proposedById !== e.payload.fromId
                ? 'handoff.proposed (by the coordinator, not the owner)'
                : e.type;
            seen.set(kind, (seen.get(kind) ?? 0) + 1);
          }
          checkInvariants(inc, next.incident, next.events, all);
          inc = next.incident;
        });
      }),
      // A fixed seed: the coverage check below counts what the generator reached, and with a
      // random seed a rarer transition (declines) sometimes landed on the bound (10, not > 10).
      // FC_SEED lets a run explore other sequences: FC_SEED=123 npx vitest run <this file>.
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? 20261201) },
    );
    // The generator must actually reach the interesting transitions, or the property proves little.
    for (const type of [
      'step.added',
      'handoff.proposed',
      'handoff.proposed (by the coordinator, not the owner)',
      'handoff.accepted',
      'handoff.declined',
      'incident.resolved',
      'blame.flagged',
    ]) {
      expect(seen.get(type) ?? 0, type).toBeGreaterThan(10);
    }
  });
});
