import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness, type Harness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

let h: Harness;
const timeline = async () => (await h.deps.store.transaction((tx) => tx.timeline(1))).map((e) => e.type);

beforeEach(async () => {
  h = await createHarness(createMemoryStore(), testWorld());
});

describe('open', () => {
  it('greets every pulled-in person by their own name and shows the reporting client the fallback', async () => {
    const reply = await h.as('maria', '/incident open wanderlust-web sev1 Booking site shows 502');
    expect(reply.text).toContain(
      'Opened INC-1 for Wanderlust Travel website (sev1): "Booking site shows 502".',
    );
    // Maria is a client: the runbook is the provider's (test/app/audiences.test.ts).
    expect(reply.text).not.toContain('Runbook');
    expect(reply.text).toContain('Fallback: Static copy at backup.wanderlust.example');
    const sent = h.notifier.take();
    expect(sent.map((n) => n.personId).sort()).toEqual(['dana', 'kevin', 'sam']);
    for (const n of sent)
      expect(n.text.startsWith(`Hi ${n.personName}, Maria reported an outage`)).toBe(true);
    expect(sent.find((n) => n.personId === 'dana')?.text).toContain(
      '(sev1). You coordinate it: steps, handoffs and client updates go through you.',
    );
  });

  it('joins a second report to the open incident and tells the coordinator', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    h.clock.advance(5 * 60_000);
    h.notifier.take();
    const reply = await h.as('kevin', '/incident open wanderlust-web Customers cannot book');
    expect(reply.text).toContain(
      'already has an open incident: INC-1 "Site down", opened 5 min ago by Maria',
    );
    expect(h.notifier.take()).toEqual([
      expect.objectContaining({
        personId: 'dana',
        text: 'Kevin also reported INC-1: "Customers cannot book"',
      }),
    ]);
    expect(await h.deps.store.transaction((tx) => tx.listIncidents({}))).toHaveLength(1);
  });

  it('opens a new incident once the previous one is resolved', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident resolve Fixed');
    const reply = await h.as('maria', '/incident open wanderlust-web Down again');
    expect(reply.text).toContain('Opened INC-2');
  });
});

describe('handoffs through the app', () => {
  beforeEach(async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the server');
    h.notifier.take();
  });

  it('asks the addressee with the note and arms reminder and escalation', async () => {
    const reply = await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
    expect(reply.text).toContain('Offered step 1 to Sam (H1). It stays yours until Sam accepts');
    const [ask] = h.notifier.take();
    expect(ask).toMatchObject({ personId: 'sam', handoff: { incidentNumber: 1, number: 1 } });
    expect(ask!.text).toContain('What Dana saw and did: Disk full; cleared /tmp');
    expect([...h.timers.armed.keys()]).toEqual(
      expect.arrayContaining(['handoff:1:1:remind', 'handoff:1:1:escalate']),
    );
  });

  it('tells the sender at once when the addressee declines, and disarms the timers', async () => {
    await h.as('dana', '/incident handoff 1 @Sam Disk full');
    h.notifier.take();
    const reply = await h.as('sam', '/incident decline H1 The disk fills with app logs');
    expect(reply.text).toBe('You declined H1. Step 1 stays with Dana, who has your reason.');
    expect(h.notifier.take()).toEqual([
      expect.objectContaining({
        personId: 'dana',
        text: expect.stringContaining(
          'Sam declined H1 (step 1 of INC-1): "The disk fills with app logs". Step 1 stays with Dana.',
        ),
      }),
    ]);
    expect(h.timers.armed.has('handoff:1:1:remind')).toBe(false);
  });

  it('answers status in plain words', async () => {
    h.clock.advance(12 * 60_000);
    await h.as('dana', '/incident handoff 1 @Sam Disk full');
    h.clock.advance(3 * 60_000);
    const reply = await h.as('maria', '/incident status');
    expect(reply.text).toContain('Step 1: Check the server: Dana has it (for 15 min)');
    expect(reply.text).toContain('H1: step 1 offered by Dana to Sam 3 min ago');
  });

  it('processes a retried delivery once', async () => {
    const input = {
      actor: { platform: 'console' as const, userId: 'dana' },
      text: '/incident step add Check DNS',
      idempotencyKey: 'evt-1',
    };
    expect(await h.app.handleCommand(input)).not.toBeNull();
    expect(await h.app.handleCommand(input)).toBeNull();
    expect((await timeline()).filter((t) => t === 'step.added')).toHaveLength(2);
  });

  it('serialises concurrent commands on one incident', async () => {
    const replies = await Promise.all(
      ['A', 'B', 'C', 'D'].map((t) => h.as('dana', `/incident step add Step ${t}`)),
    );
    expect(replies.every((r) => !r.error)).toBe(true);
    const incident = await h.deps.store.transaction((tx) => tx.loadIncident(1));
    expect(incident!.steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a deflecting step owner in the room and records it', async () => {
    const reply = await h.app.handleMessage({
      actor: { platform: 'console', userId: 'dana' },
      text: "That's a server issue, ask the vendor",
      roomIncident: 1,
    });
    expect(reply).toMatchObject({
      visibility: 'room',
      text: expect.stringContaining('Dana, step 1 ("Check the server") is still yours.'),
    });
    expect(await timeline()).toContain('blame.flagged');
    expect(
      await h.app.handleMessage({
        actor: { platform: 'console', userId: 'dana' },
        text: 'x',
        roomIncident: 1,
        fromBot: true,
      }),
    ).toBeNull();
  });
});

describe('adapter API', () => {
  it('links a platform room, finds the incident by it, and renders a view with handles', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the server');
    await h.as('dana', '/incident handoff 1 @Sam Disk full');
    await h.app.linkRoom(1, 'slack', 'C0INC1');
    await h.app.linkRoom(1, 'slack', 'C0INC1');
    expect(await h.app.incidentForRoom('slack', 'C0INC1')).toBe(1);
    expect(await h.app.incidentForRoom('slack', 'C0OTHER')).toBeUndefined();
    expect((await timeline()).filter((t) => t === 'room.linked')).toHaveLength(1);
    const view = await h.app.view(1);
    expect(view).toMatchObject({
      ref: 'INC-1',
      siteName: 'Wanderlust Travel website',
      rooms: { slack: 'C0INC1' },
      coordinator: { id: 'dana', name: 'Dana', handles: { slack: 'U0DANA' } },
      steps: [{ number: 1, owner: { name: 'Dana' }, status: 'open' }],
      handoffs: [
        {
          number: 1,
          from: { name: 'Dana' },
          to: { name: 'Sam', handles: { slack: 'U0SAM' } },
          status: 'pending',
        },
      ],
    });
    expect(view!.statusText).toContain('Dana has it');
    expect(await h.app.view(99)).toBeNull();
  });

  it('tells a notifier with incidentChanged about every committed change', async () => {
    const changed: number[] = [];
    h.deps.notifier.incidentChanged = async (n) => {
      changed.push(n);
    };
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident status');
    await h.as('dana', '/incident step add Check');
    await h.as('dana', '/incident step done 9');
    expect(changed).toEqual([1, 1]);
  });
});

describe('after a saved change', () => {
  it('still answers "done" when notifying fails, logs it and keeps the message to retry', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    const warnings: string[] = [];
    h.deps.logger = { info() {}, warn: (_fields, message) => void warnings.push(message), error() {} };
    h.deps.notifier.notify = async () => {
      throw new Error('chat platform down');
    };
    const added = await h.as('dana', '/incident step add Check the server');
    expect(added.text).toContain('Added step 1 to INC-1');
    const offered = await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
    expect(offered.error).toBeUndefined();
    expect(await timeline()).toContain('handoff.proposed');
    expect(warnings).toContain('delivery failed; will retry');
    const pending = await h.deps.store.transaction((tx) => tx.listOutbox({ status: 'pending' }));
    expect(pending.map((e) => e.lastError)).toContain('chat platform down');
  });
});

describe('room messages from outside the directory', () => {
  it('are ignored quietly: no "I don\'t know you" on every line, nothing recorded', async () => {
    await h.as('maria', '/incident open wanderlust-web Site down');
    const before = await timeline();
    const reply = await h.app.handleMessage({
      actor: { platform: 'slack', userId: 'U0STRANGER' },
      text: 'not my problem',
      roomIncident: 1,
    });
    expect(reply).toBeNull();
    expect(await timeline()).toEqual(before);
  });
});
