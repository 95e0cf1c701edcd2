import { describe, expect, it } from 'vitest';
import { record, replay } from '../../src/domain/evolve.ts';
import { decideJoinReport, decideOpen, type DecisionContext } from '../../src/domain/open-incident.ts';
import { decideReopen, decideResolve, decideUpdate } from '../../src/domain/lifecycle.ts';
import { renderStatus } from '../../src/domain/status-report.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import { decidePropose } from '../../src/domain/handoffs.ts';
import { minutesAfter, T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string, minutes = 0): DecisionContext => ({
  directory,
  actorId,
  now: minutesAfter(T0, minutes),
});
const open = (actor = 'maria') =>
  record(
    null,
    1,
    decideOpen(ctx(actor), {
      number: 1,
      siteId: 'wanderlust-web',
      title: 'Booking site 502',
      severity: 'sev1',
    }),
  );

describe('opening an incident', () => {
  it('pulls in the IT contact as coordinator, the vendor and every client contact', () => {
    const { incident, events } = open();
    expect(incident.coordinatorId).toBe('dana');
    expect(incident.participants.map((p) => [p.personId, p.role])).toEqual([
      ['dana', 'coordinator'],
      ['sam', 'vendor'],
      ['maria', 'client'],
      ['kevin', 'client'],
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(replay(events)).toEqual(incident);
  });

  it('refuses a reporter with no relation to the site', () => {
    expect(() =>
      decideOpen(ctx('otto'), { number: 1, siteId: 'wanderlust-web', title: 'x', severity: 'sev2' }),
    ).toThrow(/Otto, you are not a contact for Wanderlust Travel website/);
  });

  it('names the known sites when the site is unknown', () => {
    expect(() =>
      decideOpen(ctx('maria'), { number: 1, siteId: 'nope', title: 'x', severity: 'sev2' }),
    ).toThrow('There is no site called "nope". Known sites: wanderlust-web, acme-shop.');
  });

  it('records a second report without a second incident', () => {
    const { incident } = open();
    const events = decideJoinReport(ctx('kevin', 3), incident, 'Site is down for me too');
    expect(events).toEqual([expect.objectContaining({ type: 'incident.report_joined', actorId: 'kevin' })]);
    const fromProvider = decideJoinReport(ctx('priya', 3), incident, 'Seeing alerts');
    expect(fromProvider.map((e) => e.type)).toEqual(['incident.report_joined', 'participant.joined']);
  });
});

describe('lifecycle', () => {
  it('lets only the coordinator post updates and resolve; the client may reopen', () => {
    const { incident } = open();
    expect(() => decideUpdate(ctx('sam'), incident, 'hi')).toThrow(
      'Only the coordinator, Dana, can post client updates on INC-1.',
    );
    expect(() => decideResolve(ctx('maria'), incident, 'done')).toThrow(/Only the coordinator, Dana/);
    const resolved = record(
      incident,
      1,
      decideResolve(ctx('dana', 60), incident, 'Restored from fallback'),
    ).incident;
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: minutesAfter(T0, 60) });
    expect(() => decideReopen(ctx('sam'), resolved, 'again')).toThrow(
      /Only the coordinator, Dana, or the client/,
    );
    const reopened = record(resolved, 1, decideReopen(ctx('kevin', 90), resolved, 'Down again')).incident;
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: undefined });
  });
});

describe('status', () => {
  it('says who has the ball, for how long, and which handoffs wait', () => {
    let { incident } = open();
    incident = record(
      incident,
      1,
      decideAddStep(ctx('dana', 5), incident, { title: 'Check the server' }),
    ).incident;
    incident = record(
      incident,
      1,
      decidePropose(ctx('dana', 20), incident, { step: 1, toId: 'sam', note: 'disk full?' }),
    ).incident;
    const text = renderStatus(incident, directory, minutesAfter(T0, 35));
    expect(text).toContain('INC-1 · Wanderlust Travel website · sev1 · open for 35 min');
    expect(text).toContain('Step 1: Check the server: Dana has it (for 30 min)');
    expect(text).toContain(
      'H1: step 1 offered by Dana to Sam 15 min ago; not accepted yet, so Dana still owns it',
    );
  });
});
