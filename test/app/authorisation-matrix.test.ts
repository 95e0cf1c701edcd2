// The authorisation matrix on chat (issue 12, item 7): every command × every role, driven
// through the real core. Each cell builds its own precondition on a fresh INC-1, runs the
// command, and checks: allow = no error and (for a change) new events on the timeline;
// deny = a refusal with the `permission` code, nothing on the timeline, nobody notified.

import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/app/reply.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { record } from '../../src/domain/evolve.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

const Y = 'allow';
const N = 'deny';
const _ = 'n/a'; // the precondition cannot exist for this role (e.g. an outsider owning a step)
type Cell = typeof Y | typeof N | typeof _;

/** Who plays each role in INC-1 (Wanderlust Travel website, opened by Maria, Dana coordinates). */
const ROLES = {
  client: 'maria',
  it: 'priya', // provider staff who joined by reporting too
  vendor: 'sam',
  coordinator: 'dana',
  observer: 'jonas', // no command makes an observer; a restored backup can hold one
  'provider, not in it': 'nina',
  'other client': 'otto', // Acme Bakery's contact
  unknown: 'U0NOBODY', // a Slack user who is not in the directory
} as const;
type Role = keyof typeof ROLES;
const UNKNOWN = ROLES.unknown;

// prettier-ignore
const MATRIX: Record<string, [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell]> = {
  //                                            client it  vendor coord observer provider other unknown
  'open (report the same site)':                [Y,     Y,  Y,     Y,    N,       Y,       N,    N],
  'status':                                     [Y,     Y,  Y,     Y,    Y,       Y,       N,    N],
  'summary':                                    [Y,     Y,  Y,     Y,    Y,       Y,       N,    N],
  'help':                                       [Y,     Y,  Y,     Y,    Y,       Y,       Y,    N],
  'step add (for themselves)':                  [Y,     Y,  Y,     Y,    N,       N,       N,    N],
  'step add @someone else':                     [N,     Y,  Y,     Y,    N,       N,       N,    N],
  'step add @the coordinator':                  [Y,     Y,  Y,     Y,    N,       N,       N,    N],
  'step done (own step)':                       [Y,     Y,  Y,     Y,    Y,       _,       _,    _],
  "step done (someone else's step)":            [N,     N,  N,     Y,    N,       N,       N,    N],
  'handoff (own step) @someone else':           [N,     Y,  Y,     Y,    Y,       _,       _,    _],
  'handoff (own step) @the coordinator':        [Y,     Y,  Y,     _,    Y,       _,       _,    _],
  "handoff (own step) @other client's contact": [N,     N,  N,     N,    N,       _,       _,    _],
  "handoff (someone else's step)":              [N,     N,  N,     Y,    N,       N,       N,    N],
  'accept (a handoff to them)':                 [Y,     Y,  Y,     Y,    Y,       _,       _,    _],
  'accept (a handoff to someone else)':         [N,     N,  N,     N,    N,       N,       N,    N],
  'decline (a handoff to them)':                [Y,     Y,  Y,     Y,    Y,       _,       _,    _],
  'decline (a handoff to someone else)':        [N,     N,  N,     N,    N,       N,       N,    N],
  'update':                                     [N,     N,  N,     Y,    N,       N,       N,    N],
  'resolve':                                    [N,     N,  N,     Y,    N,       N,       N,    N],
  'reopen (after a resolve)':                   [Y,     N,  N,     Y,    N,       N,       N,    N],
  'severity':                                   [N,     N,  N,     Y,    N,       N,       N,    N],
};

function world(): Directory {
  const w = testWorld();
  w.people.push(
    { id: 'jonas', name: 'Jonas', organisationId: 'cloudnest', handles: {} },
    { id: 'nina', name: 'Nina', organisationId: 'brightdesk', handles: {} },
  );
  return w;
}

const nameOf = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
/** Someone to hand work to who is neither the actor nor the coordinator. */
const someoneElse = (actor: string) => (actor === 'sam' ? 'priya' : 'sam');

async function must(h: Harness, person: string, text: string): Promise<void> {
  const reply = await h.as(person, text);
  if (reply.error) throw new Error(`setup: ${person}: ${text} → ${reply.text}`);
}

/** INC-1 with Maria (client), Dana (coordinator), Sam (vendor), Kevin (client), Priya (it),
 *  Jonas (observer) and step 1 owned by Dana. */
async function baseIncident(): Promise<Harness> {
  const h = await createHarness(createMemoryStore(), world());
  await must(h, 'maria', '/incident open wanderlust-web sev2 The booking site shows a 502');
  await must(h, 'priya', '/incident open wanderlust-web Our monitoring sees it too');
  await h.deps.store.transaction(async (tx) => {
    const joined = record(await tx.loadIncident(1), 1, [
      {
        at: h.clock.now(),
        actorId: 'dana',
        type: 'participant.joined',
        payload: { personId: 'jonas', role: 'observer' },
      },
    ]);
    await tx.saveIncident(joined.incident, joined.events);
  });
  await must(h, 'dana', '/incident INC-1 step add Check the web server');
  return h;
}

/** Gives the actor a step of their own (through an accepted handoff) and returns its number. */
async function giveStep(h: Harness, actor: string): Promise<number | undefined> {
  if (actor === 'dana') return 1;
  if (actor === 'nina' || actor === 'otto' || actor === UNKNOWN) return undefined;
  await must(h, 'dana', `/incident INC-1 step add Look at it @${nameOf(actor)}`);
  await must(h, actor, '/incident INC-1 accept H1');
  return 2;
}

/** Puts a pending handoff addressed to `to` on the record; returns its number. */
async function offerTo(h: Harness, to: string): Promise<number> {
  if (to !== 'dana') {
    await must(h, 'dana', `/incident INC-1 handoff 1 @${nameOf(to)} Nginx answers 502; restarted it.`);
    return 1;
  }
  await must(h, 'sam', '/incident INC-1 step add Check the disk');
  await must(h, 'sam', '/incident INC-1 handoff 2 @Dana The disk is fine; look at the app.');
  return 1;
}

/** A step the actor does not own: Dana's step 1, or (for Dana) a new step 2 of Sam's. */
async function othersStep(h: Harness, actor: string): Promise<number> {
  if (actor !== 'dana') return 1;
  await must(h, 'sam', '/incident INC-1 step add Check the disk');
  return 2;
}

type Scenario = (h: Harness, actor: string) => Promise<string | undefined>;
const cmd = (text: string) => `/incident INC-1 ${text}`;
const NOTE = 'Nginx answers 502; PHP-FPM restarted, no change.';

const SCENARIOS: Record<string, Scenario> = {
  'open (report the same site)': async () => '/incident open wanderlust-web It is down for me too',
  status: async () => cmd('status'),
  summary: async () => cmd('summary'),
  help: async () => cmd('help handoff'),
  'step add (for themselves)': async () => cmd('step add Check the DNS records'),
  'step add @someone else': async (_h, actor) =>
    cmd(`step add Check the DNS records @${nameOf(someoneElse(actor))}`),
  'step add @the coordinator': async () => cmd('step add Find a fallback @Dana'),
  'step done (own step)': async (h, actor) => {
    const step = await giveStep(h, actor);
    return step === undefined ? undefined : cmd(`step done ${step}`);
  },
  "step done (someone else's step)": async (h, actor) => cmd(`step done ${await othersStep(h, actor)}`),
  'handoff (own step) @someone else': async (h, actor) => {
    const step = await giveStep(h, actor);
    return step === undefined ? undefined : cmd(`handoff ${step} @${nameOf(someoneElse(actor))} ${NOTE}`);
  },
  'handoff (own step) @the coordinator': async (h, actor) => {
    const step = actor === 'dana' ? undefined : await giveStep(h, actor);
    return step === undefined ? undefined : cmd(`handoff ${step} @Dana ${NOTE}`);
  },
  "handoff (own step) @other client's contact": async (h, actor) => {
    const step = await giveStep(h, actor);
    return step === undefined ? undefined : cmd(`handoff ${step} @Otto ${NOTE}`);
  },
  "handoff (someone else's step)": async (h, actor) => {
    // Dana is offered Sam's step 2; anyone else Dana's step 1.
    const to = actor === 'dana' ? 'priya' : someoneElse(actor);
    return cmd(`handoff ${await othersStep(h, actor)} @${nameOf(to)} ${NOTE}`);
  },
  'accept (a handoff to them)': async (h, actor) =>
    ['nina', 'otto', UNKNOWN].includes(actor) ? undefined : cmd(`accept H${await offerTo(h, actor)}`),
  'accept (a handoff to someone else)': async (h, actor) =>
    cmd(`accept H${await offerTo(h, someoneElse(actor))}`),
  'decline (a handoff to them)': async (h, actor) =>
    ['nina', 'otto', UNKNOWN].includes(actor)
      ? undefined
      : cmd(`decline H${await offerTo(h, actor)} I have no access to that server.`),
  'decline (a handoff to someone else)': async (h, actor) =>
    cmd(`decline H${await offerTo(h, someoneElse(actor))} Not mine.`),
  update: async () => cmd('update Bookings work again for most customers.'),
  resolve: async () => cmd('resolve The disk filled with logs; rotation is on.'),
  'reopen (after a resolve)': async (h) => {
    await must(h, 'dana', cmd('resolve The disk filled with logs; rotation is on.'));
    return cmd('reopen The booking page shows the 502 again.');
  },
  severity: async () => cmd('severity sev1'),
};

const READS = new Set(['status', 'summary', 'help']);

async function run(h: Harness, actor: string, text: string): Promise<Reply> {
  if (actor !== UNKNOWN) return h.as(actor, text);
  const reply = await h.app.handleCommand({ actor: { platform: 'slack', userId: UNKNOWN }, text });
  if (!reply) throw new Error('unexpected duplicate delivery');
  return reply;
}

async function snapshot(h: Harness) {
  return h.deps.store.transaction(async (tx) => ({
    events: (await tx.timeline(1)).length,
    incidents: (await tx.listIncidents({})).length,
  }));
}

const roles = Object.keys(ROLES) as Role[];
const cells = Object.entries(MATRIX).flatMap(([row, line]) =>
  roles.map((role, i) => ({ row, role, cell: line[i]! })).filter((c) => c.cell !== _),
);

describe('authorisation matrix on chat: command × role', () => {
  it('covers every command of the command table', async () => {
    const { definitions } = await import('../../src/commands/definitions.ts');
    const rows = Object.keys(MATRIX).map((r) => r.replace(/ [(@].*$/, ''));
    for (const d of definitions) expect(rows, d.words).toContain(d.words);
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(cells)('$row × $role → $cell', async ({ row, role, cell }) => {
    const h = await baseIncident();
    const actor = ROLES[role];
    const text = await SCENARIOS[row]!(h, actor);
    expect(text, 'the matrix says n/a where the scenario has no precondition').toBeDefined();
    const before = await snapshot(h);
    h.notifier.take();
    const reply = await run(h, actor, text!);
    const after = await snapshot(h);
    if (cell === Y) {
      expect(reply.error, reply.text).toBeUndefined();
      if (!READS.has(row))
        expect(after.events, 'the change is on the timeline').toBeGreaterThan(before.events);
    } else {
      expect(reply.error?.code, reply.text).toBe('permission');
      expect(after).toEqual(before);
      expect(h.notifier.take(), 'a refusal notifies nobody').toEqual([]);
    }
  });
});
