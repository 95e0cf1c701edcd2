// The "four days down" story (design.md §1.1, test/e2e/stories/four-days-down.txt) played
// on Discord: slash commands, a private thread per incident, Accept / Decline buttons, the
// decline modal and the blame guard, through the real discord.js against the fake Discord.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { answerText, waitFor } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

const MINUTE = 60_000;
let world: DiscordWorld;
let threadId: string;

beforeAll(async () => {
  world = await startDiscordWorld({ start: new Date('2026-03-02T08:00:00Z') });
});
afterAll(async () => {
  await world?.stop();
});

const thread = (): APIMessage[] => world.fake.messagesIn(threadId);
const mentioning = (userId: string) => thread().filter((m) => m.content.startsWith(`<@${userId}> `));
const lastWithButtons = (): APIMessage => {
  const found = thread()
    .filter((m) => m.components?.length)
    .at(-1);
  if (!found) throw new Error('no message with buttons in the thread');
  return found;
};
const run = async (who: string, path: string, values = {}, channel?: string) =>
  answerText(await world.fake.command(who, path, values, channel ?? threadId));

describe('four days down, on Discord', () => {
  it('the client opens INC-1: a private thread, everyone added and greeted by their own name', async () => {
    const reply = await world.fake.command(IDS.maria, 'open', {
      site: 'wanderlust-web',
      severity: 'sev1',
      problem: 'The booking site shows a 502 error since this morning',
    });
    const [created] = world.fake.rest.find('POST', /^\/channels\/\d+\/threads$/);
    expect(created?.body).toMatchObject({
      type: 12,
      invitable: false,
      name: expect.stringMatching(/^INC-1 /),
    });
    threadId = world.fake.state.threads()[0]!.id;
    expect(reply.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answerText(reply)).toContain('Opened INC-1 for Wanderlust Travel website (sev1)');
    expect(answerText(reply)).toContain(`Thread: <#${threadId}>`);
    expect([...world.fake.state.threadMembers.get(threadId)!].sort()).toEqual(
      [IDS.dana, IDS.sam, IDS.jonas, IDS.maria, IDS.kevin, world.fake.state.botUser.id].sort(),
    );
    for (const [name, id] of Object.entries({
      Dana: IDS.dana,
      Sam: IDS.sam,
      Jonas: IDS.jonas,
      Kevin: IDS.kevin,
    })) {
      expect(mentioning(id).map((m) => m.content)).toContainEqual(
        expect.stringContaining(`<@${id}> Hi ${name}, Maria reported an outage: INC-1`),
      );
    }
    expect(thread().some((m) => m.content.includes('Hi Maria'))).toBe(false);
    expect(thread()[0]!.content).toContain('📌 **Status**');
    expect(await world.app.incidentForRoom('discord', threadId)).toBe(1);
  });

  it('a second report from the other client contact joins INC-1', async () => {
    world.clock.advance(5 * MINUTE);
    const text = await run(IDS.kevin, 'open', {
      site: 'wanderlust-web',
      problem: 'Customers call us: the website is down',
    });
    expect(text).toContain('already has an open incident: INC-1');
    expect(world.fake.state.threads()).toHaveLength(1);
  });

  it('IT adds a step in the thread and offers it to the vendor, with Accept / Decline buttons', async () => {
    expect(await run(IDS.dana, 'step add', { title: 'Find out why the site returns 502' })).toContain(
      'step 1',
    );
    const text = await run(IDS.dana, 'handoff', {
      step: 1,
      to: { user: IDS.sam },
      note: 'Nginx gets 502 from PHP-FPM. I restarted PHP-FPM: no change. /var is 100% full on the managed server.',
    });
    expect(text).toContain('H1');
    const request = lastWithButtons();
    expect(request.content).toMatch(/^<@810000000000000003> Sam, Dana wants to hand you step 1 of INC-1/);
    const buttons = (request.components![0] as { components: Array<{ custom_id: string; label: string }> })
      .components;
    expect(buttons.map((b) => [b.label, b.custom_id])).toEqual([
      ['Accept', 'handoff:accept:1:1'],
      ['Decline', 'handoff:decline:1:1'],
    ]);
  });

  it('the vendor declines through the modal; the request shows the outcome in place', async () => {
    world.clock.advance(20 * MINUTE);
    const request = lastWithButtons();
    const pressed = await world.fake.press(IDS.sam, request, 'handoff:decline:1:1');
    expect(pressed.callbacks[0]).toMatchObject({ type: 9, data: { custom_id: 'handoff:reason:1:1' } });
    const submitted = await world.fake.submitModal(IDS.sam, threadId, 'handoff:reason:1:1', {
      reason:
        "The server itself is healthy. /var fills with the application's debug logs, so this is on the application side.",
    });
    expect(answerText(submitted)).toContain('H1');
    expect(request.content).toContain('❌ Sam declined H1');
    expect(request.components).toEqual([]);
    expect(mentioning(IDS.dana).map((m) => m.content)).toContainEqual(
      expect.stringContaining('Dana, Sam declined H1 (step 1 of INC-1)'),
    );
  });

  it('a deflection typed in the thread gets the blame guard’s answer there', async () => {
    const said = world.fake.say(IDS.dana, threadId, "Honestly, that's a server issue. Ask the vendor.");
    await waitFor(() => thread().some((m) => m.message_reference?.message_id === said.id), 'the blame guard');
    const answer = thread().find((m) => m.message_reference?.message_id === said.id)!;
    expect(answer.content).toContain('Dana, step 1 ("Find out why the site returns 502") is still yours.');
  });

  it('a second handoff is accepted with the button; status says who has the ball', async () => {
    await run(IDS.dana, 'handoff', {
      step: 1,
      to: { user: IDS.sam },
      note: 'I turned debug logging off and deleted 40 GB of logs. /var still grows 1 GB a minute, in /var/lib/mysql: binlogs of the managed MySQL you run.',
    });
    world.clock.advance(10 * MINUTE);
    const request = lastWithButtons();
    const accepted = await world.fake.press(IDS.sam, request, 'handoff:accept:1:2');
    expect(answerText(accepted)).toContain(
      'You accepted H2: step 1 ("Find out why the site returns 502") is yours now.',
    );
    expect(request.content).toContain("✅ Sam accepted H2: step 1 is Sam's now.");
    expect(request.components).toEqual([]);
    expect(await run(IDS.sam, 'status')).toMatch(
      /Step 1: Find out why the site returns 502: Sam has it \(for 0 s\)/,
    );
  });

  it('the step is done, the client is updated, the incident resolved, and the summary has the paper trail', async () => {
    world.clock.advance(120 * MINUTE);
    await run(IDS.sam, 'step done', { step: 1 });
    await run(IDS.dana, 'update', {
      text: 'The booking site is back. CloudNest fixed the database log retention; we keep watching.',
    });
    expect(mentioning(IDS.maria).map((m) => m.content)).toContainEqual(
      expect.stringContaining('Maria, an update on INC-1 from Dana: The booking site is back.'),
    );
    await run(IDS.dana, 'resolve', {
      summary: 'Binlog retention fixed by CloudNest; debug logging off in the app.',
    });
    const summary = await run(IDS.dana, 'summary');
    expect(summary).toMatch(/1\. Find out why the site returns 502: Dana 30 min → Sam 2 h \(done\)/);
    expect(summary).toMatch(/H1 step 1, Dana → Sam: declined after 20 min: "The server itself is healthy/);
    expect(summary).toMatch(/H2 step 1, Dana → Sam: accepted after 10 min/);
    expect(summary).toContain('First response after 5 min, by Dana.');
    expect(thread()[0]!.content).toContain('resolved after');
  });

  it('the timeline holds every event once, in order, with the Discord thread linked', async () => {
    const timeline = await world.store.transaction((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.type)).toEqual([
      'incident.opened',
      ...Array(5).fill('participant.joined'),
      'room.linked',
      'incident.report_joined',
      'step.added',
      'handoff.proposed',
      'handoff.declined',
      'blame.flagged',
      'handoff.proposed',
      'handoff.accepted',
      'step.done',
      'update.posted',
      'incident.resolved',
    ]);
    expect(timeline.find((e) => e.type === 'handoff.declined')?.actorId).toBe('sam');
    expect(timeline.find((e) => e.type === 'room.linked')?.payload).toEqual({
      platform: 'discord',
      roomId: threadId,
    });
  });

  it('never logs the bot token and answered every interaction exactly once', () => {
    expect(world.logText()).not.toContain('fake-discord-token');
    for (const record of world.fake.state.interactions.values()) expect(record.callbacks).toHaveLength(1);
    expect(world.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
