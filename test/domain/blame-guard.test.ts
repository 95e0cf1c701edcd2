import { describe, expect, it } from 'vitest';
import { decideBlameCheck, findDeflection, normaliseForMatching } from '../../src/domain/blame-guard.ts';
import { record } from '../../src/domain/evolve.ts';
import { decideOpen } from '../../src/domain/open-incident.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import { T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string) => ({ directory, actorId, now: T0 });

describe('blame guard', () => {
  it('matches deflections regardless of case, punctuation and curly quotes', () => {
    expect(normaliseForMatching('That’s a SERVER issue!!')).toBe("that's a server issue");
    expect(findDeflection('Honestly, that’s a server issue.')).toBe("that's a server issue");
    expect(findDeflection('Not my problem.')).toBe('not my problem');
    expect(findDeflection('I will check the server now')).toBeUndefined();
    expect(findDeflection('observer issues')).toBeUndefined();
  });

  it('answers a step owner calmly and records it; ignores people who own nothing', () => {
    let incident = record(
      null,
      1,
      decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'down', severity: 'sev1' }),
    ).incident;
    incident = record(incident, 1, decideAddStep(ctx('dana'), incident, { title: 'Check logs' })).incident;
    const verdict = decideBlameCheck(
      ctx('dana'),
      incident,
      "Not my problem, it's a server issue. Ask the vendor.",
    );
    expect(verdict.reply).toContain('Dana, step 1 ("Check logs") is still yours.');
    expect(verdict.reply).toContain('Until they accept, it stays with you.');
    expect(verdict.events).toEqual([
      expect.objectContaining({ type: 'blame.flagged', payload: expect.objectContaining({ steps: [1] }) }),
    ]);
    expect(decideBlameCheck(ctx('sam'), incident, 'not my problem')).toEqual({ events: [] });
    expect(decideBlameCheck(ctx('dana'), incident, 'Looking at the logs now')).toEqual({ events: [] });
  });
});
