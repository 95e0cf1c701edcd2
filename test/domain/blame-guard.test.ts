import { describe, expect, it } from 'vitest';
import { decideBlameCheck, findDeflection, normaliseForMatching } from '../../src/domain/blame-guard.ts';
import { record } from '../../src/domain/evolve.ts';
import { decidePropose } from '../../src/domain/handoffs.ts';
import type { Incident } from '../../src/domain/incident-types.ts';
import { decideOpen } from '../../src/domain/open-incident.ts';
import { decideAddStep } from '../../src/domain/steps.ts';
import { T0, testWorld } from '../support/world.ts';

const directory = testWorld();
const ctx = (actorId: string) => ({ directory, actorId, now: T0 });

/** INC-1 on the Wanderlust site (Dana, Sam, Maria, Kevin), with `titles.length` steps all Dana's. */
function incidentWithSteps(...titles: string[]): Incident {
  let incident = record(
    null,
    1,
    decideOpen(ctx('maria'), { number: 1, siteId: 'wanderlust-web', title: 'down', severity: 'sev1' }),
  ).incident;
  for (const title of titles)
    incident = record(incident, 1, decideAddStep(ctx('dana'), incident, { title })).incident;
  return incident;
}

function offer(incident: Incident, step: number, toId: string): Incident {
  const note = 'Nginx gets 502 from PHP-FPM; I restarted it, no change.';
  return record(incident, 1, decidePropose(ctx('dana'), incident, { step, toId, note })).incident;
}

const flagged = (incident: Incident, text: string) => decideBlameCheck(ctx('dana'), incident, text);

describe('blame guard', () => {
  it('matches deflections regardless of case, punctuation and curly quotes', () => {
    expect(normaliseForMatching('That’s a SERVER issue!!')).toBe("that's a server issue");
    expect(findDeflection('Honestly, that’s a server issue.')).toBe(
      'calls it another party\'s problem: "that’s a server issue"',
    );
    expect(findDeflection('Not my problem.')).toBe('denies ownership: "Not my problem"');
    expect(findDeflection('I will check the server now')).toBeUndefined();
    expect(findDeflection('observer issues')).toBeUndefined();
    // "not our X" / "their X" for any system, not only "our problem" (issue 10 §2).
    expect(findDeflection('not our DNS')).toBe('denies ownership: "not our DNS"');
    expect(findDeflection("that's their firewall")).toBe('points at another party: "that\'s their firewall"');
  });

  it('answers a step owner calmly and records it; ignores people who own nothing', () => {
    const incident = incidentWithSteps('Check logs');
    const verdict = flagged(incident, "Not my problem, it's a server issue. Ask the vendor.");
    expect(verdict.reply).toContain('Dana, step 1 ("Check logs") is still yours.');
    expect(verdict.reply).toContain('Until they accept, it stays with you.');
    expect(verdict.events).toEqual([
      expect.objectContaining({ type: 'blame.flagged', payload: expect.objectContaining({ steps: [1] }) }),
    ]);
    expect(decideBlameCheck(ctx('sam'), incident, 'not my problem')).toEqual({ events: [] });
    expect(flagged(incident, 'Looking at the logs now')).toEqual({ events: [] });
  });

  it.each([
    ["that's CloudNest's mess, not ours", 'points at CloudNest: "CloudNest\'s mess"'],
    ['go bug the DNS people', 'points at the DNS people: "go bug the DNS people"'],
    ['nothing to do with our code', 'denies ownership: "nothing to do with our code"'],
  ])('hears the deflection the phrase list missed: %s', (text, label) => {
    const verdict = flagged(incidentWithSteps('Check logs'), text);
    expect(verdict.events).toEqual([
      expect.objectContaining({ type: 'blame.flagged', payload: { steps: [1], phrase: label, text } }),
    ]);
    expect(verdict.reply).toContain('Dana, step 1 ("Check logs") is still yours.');
  });

  it('names the incident’s parties from the directory, but not the speaker’s own organisation', () => {
    const incident = incidentWithSteps('Check logs');
    expect(flagged(incident, 'CloudNest should sort that out').events).toHaveLength(1);
    expect(flagged(incident, "that's for Sam").events).toHaveLength(1);
    expect(flagged(incident, 'BrightDesk should sort that out').events).toEqual([]);
  });

  it.each([
    'Sam says the server issue is gone after the reboot',
    'CloudNest restarted the database',
    'I ruled out DNS, now checking PHP-FPM',
    'my mistake, fixing it',
    'asked the host for the logs, will share',
  ])('stays quiet on a report of work: %s', (text) => {
    expect(flagged(incidentWithSteps('Check logs'), text)).toEqual({ events: [] });
  });

  it.each([
    ["I'm not touching that, it's Sam's database.", 'refuses the work: "I\'m not touching"'],
    [
      'The networking team needs to look at that.',
      'points at the networking team: "The networking team needs to look"',
    ],
    ['It is your problem now.', 'points at another party: "your problem"'],
    ['The rest is on CloudNest.', 'points at CloudNest: "is on CloudNest"'],
    ['Go bother Sam.', 'points at Sam: "Go bother Sam"'],
    [
      'Escalate it to the hosting people.',
      'points at the hosting people: "Escalate it to the hosting people"',
    ],
    ['CloudNest should have caught that.', 'points at CloudNest: "CloudNest should have caught"'],
    [
      'Can you lot at CloudNest not just fix your own server?',
      'points at you lot at CloudNest: "Can you lot at CloudNest not just fix"',
    ],
    ['How is this my problem?', 'denies ownership: "How is this my problem"'],
  ])('hears a shape, not a phrase: %s', (text, label) => {
    expect(flagged(incidentWithSteps('Check logs'), text).events).toEqual([
      expect.objectContaining({ payload: { steps: [1], phrase: label, text } }),
    ]);
  });

  it.each([
    "I'm not blaming anyone, just noting CloudNest's status page is red.",
    "It's not DNS, I checked — moving on to PHP.",
    'Not seeing errors any more.',
    'Did CloudNest change anything?',
    "I won't restart MySQL again until the backup finishes.",
    'I should have caught that myself, fixing it now.',
    'Is the server on your side healthy, Sam?',
    'Tell Kevin the phones are staying on.',
    'Ask the host for the logs from last night.',
  ])('stays quiet on negations, owned mistakes and questions: %s', (text) => {
    expect(flagged(incidentWithSteps('Check logs'), text)).toEqual({ events: [] });
  });

  it('says a pending offer is still waiting instead of advising a handoff', () => {
    const incident = offer(incidentWithSteps('Check logs'), 1, 'sam');
    const { reply } = flagged(incident, "that's CloudNest's mess, not ours");
    expect(reply).toBe(
      'Dana, step 1 ("Check logs") is still yours. The offer to Sam (H1) is still waiting; ' +
        'the step stays yours until Sam accepts.',
    );
  });

  it('names several steps with correct grammar', () => {
    const two = flagged(incidentWithSteps('Check logs', 'Check DNS'), 'Not my problem.').reply;
    expect(two).toContain('Dana, steps 1 and 2 are still yours.');
    expect(two).not.toContain('is still yours');
    expect(two).toContain('hand them off');
    expect(two).toContain('Until they accept, they stay with you.');
    const three = flagged(incidentWithSteps('A', 'B', 'C'), 'Not my problem.').reply;
    expect(three).toContain('Dana, steps 1, 2 and 3 are still yours.');
  });

  it('reads correctly when one step is offered and another is not', () => {
    const incident = offer(incidentWithSteps('Check logs', 'Check DNS'), 1, 'sam');
    expect(flagged(incident, 'Not my problem.').reply).toBe(
      'Dana, steps 1 and 2 are still yours. The offer of step 1 to Sam (H1) is still waiting; ' +
        'it stays yours until Sam accepts. If someone else should take step 2, hand it off with what you saw ' +
        'and what you did: /incident handoff 2 @person <what you saw and did>. Until they accept, it stays with you.',
    );
  });
});

describe('blame guard, handing on and opting out (round 3)', () => {
  it.each([
    [
      'This one belongs with the hosting people.',
      'points at the hosting people: "belongs with the hosting people"',
    ],
    ['Sam built the box, so he ought to own it.', 'points at another party: "he ought to own"'],
    [
      'That ticket should be going to CloudNest.',
      'points at CloudNest: "That ticket should be going to CloudNest"',
    ],
    ['Get them to sort it.', 'points at another party: "Get them to sort"'],
    ["I'll leave the rest with Sam.", 'points at Sam: "leave the rest with Sam"'],
    [
      'Please point all enquiries about billing to CloudNest.',
      'points at CloudNest: "point all enquiries about billing to CloudNest"',
    ],
    ['Going to bow out of this one.', 'opts out: "bow out of this one"'],
    ['We never signed on to maintain the plugin.', 'opts out: "We never signed on to maintain"'],
    ["Afraid I can't help there.", 'brushes it off: "can\'t help there"'],
    ["I don't really do PHP.", 'opts out: "I don\'t really do PHP"'],
    [
      'Isn’t that more of a CloudNest problem?',
      'points at CloudNest: "Isn’t that more of a CloudNest problem"',
    ],
    ["That's hardly our remit.", 'denies ownership: "hardly our remit"'],
    [
      'Wouldn’t the host be better placed to fix it?',
      'points at the host: "Wouldn’t the host be better placed to fix"',
    ],
    [
      'Have you tried the people who actually host the site?',
      'points at the people who actually host the site: "Have you tried the people who actually host the site"',
    ],
  ])('hears a shape, not a phrase: %s', (text, label) => {
    expect(flagged(incidentWithSteps('Check logs'), text).events).toEqual([
      expect.objectContaining({ payload: { steps: [1], phrase: label, text } }),
    ]);
  });

  it.each([
    'This belongs in the postmortem.',
    'Leave it to me.',
    'Can’t help noticing the disk is full — clearing it now.',
    "The box is Sam's, so I asked him for root access and I'm in.",
    "We never agreed to a maintenance window, so I'm asking Maria now.",
    "The certificates are Sam's; he renewed them this morning.",
    'Nothing I can do about the TTL but wait.',
    'Send it back to me once you have tested it, Sam.',
  ])('stays quiet when the same words report work or ask: %s', (text) => {
    expect(flagged(incidentWithSteps('Check logs'), text)).toEqual({ events: [] });
  });
});
