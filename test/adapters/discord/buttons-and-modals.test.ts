// Buttons, modals, autocomplete and refusals on Discord: the wrong person pressing a
// handoff button, a decline without a reason, someone outside the directory, a command
// Discord delivers twice. Nothing changes unless the core says so.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld;
let threadId: string;
let request: APIMessage;

beforeAll(async () => {
  world = await startDiscordWorld();
  await world.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'The site is down' });
  threadId = world.fake.state.threads()[0]!.id;
  await world.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
  await world.fake.command(
    IDS.dana,
    'handoff',
    { step: 1, to: { user: IDS.sam }, note: 'Disk full on /var.' },
    threadId,
  );
  request = world.fake
    .messagesIn(threadId)
    .filter((m) => m.components?.length)
    .at(-1)!;
});
afterAll(async () => {
  await world?.stop();
});

const pendingH1 = async () => (await world.app.view(1))!.handoffs.find((h) => h.number === 1)!.status;
let editsBefore = 0;
beforeEach(() => {
  editsBefore = world.fake.rest.find('PATCH', new RegExp(`/messages/${request.id}$`)).length;
});
const requestEdits = () =>
  world.fake.rest.find('PATCH', new RegExp(`/messages/${request.id}$`)).length - editsBefore;

describe('handoff buttons on Discord', () => {
  it('Accept pressed by someone else gets the app’s refusal, privately, and changes nothing', async () => {
    const answer = await world.fake.press(IDS.kevin, request, 'handoff:accept:1:1');
    expect(answer.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answerText(answer)).toBe('Handoff H1 is for Sam. Only Sam can accept or decline it.');
    expect(await pendingH1()).toBe('pending');
    expect(requestEdits()).toBe(0);
    expect(request.components).toHaveLength(1);
  });

  it('Decline pressed by someone else opens no modal and gets the same refusal', async () => {
    const answer = await world.fake.press(IDS.dana, request, 'handoff:decline:1:1');
    expect(answer.callbacks[0]).toMatchObject({
      type: 4,
      data: { flags: 64, content: 'Handoff H1 is for Sam. Only Sam can accept or decline it.' },
    });
    expect(await pendingH1()).toBe('pending');
  });

  it('a decline modal submitted without a reason is refused in plain words; the handoff stays pending', async () => {
    const opened = await world.fake.press(IDS.sam, request, 'handoff:decline:1:1');
    expect(opened.callbacks[0]?.type).toBe(9);
    const answer = await world.fake.submitModal(IDS.sam, threadId, 'handoff:reason:1:1', { reason: '   ' });
    expect(answerText(answer)).toMatch(/^A decline needs a reason, so the sender knows what to do next\./);
    expect(await pendingH1()).toBe('pending');
    expect(requestEdits()).toBe(0);
    const timeline = await world.store.transaction((tx) => tx.timeline(1));
    expect(timeline.some((e) => e.type === 'handoff.declined')).toBe(false);
  });

  it('a modal submitted by someone else is refused by the app too', async () => {
    const answer = await world.fake.submitModal(IDS.kevin, threadId, 'handoff:reason:1:1', {
      reason: 'Not me.',
    });
    expect(answerText(answer)).toBe('Handoff H1 is for Sam. Only Sam can accept or decline it.');
    expect(await pendingH1()).toBe('pending');
  });

  it('a slash command accept by the addressee also updates the request in place', async () => {
    const text = answerText(await world.fake.command(IDS.sam, 'accept', { handoff: 1 }, threadId));
    expect(text).toContain('You accepted H1');
    expect(request.content).toContain("✅ Sam accepted H1: step 1 is Sam's now.");
    expect(request.components).toEqual([]);
    const again = await world.fake.press(IDS.sam, request, 'handoff:decline:1:1');
    expect(answerText(again)).toBe('Handoff H1 was already accepted.');
  });
});

describe('slash commands on Discord', () => {
  it('someone outside the directory is told how to get added, privately', async () => {
    const answer = await world.fake.command(IDS.stranger, 'status', {}, threadId);
    expect(answerText(answer)).toContain("I don't know you yet: Discord user 810000000000000099");
  });

  it('a bad typed option gets the command layer’s message and usage', async () => {
    const answer = await world.fake.command(IDS.dana, 'step done', { step: 0 }, threadId);
    expect(answerText(answer)).toContain('Step numbers start at 1');
    expect(answerText(answer)).toContain('Usage: /incident step done <step>');
  });

  it('outside the thread, a command finds the person’s only open incident', async () => {
    const answer = await world.fake.command(IDS.kevin, 'status');
    expect(answerText(answer)).toContain('INC-1 · Wanderlust Travel website');
    expect(answerText(answer)).toContain(`Thread: <#${threadId}>`);
  });

  it('help works anywhere and pings nobody', async () => {
    const answer = await world.fake.command(IDS.otto, 'help', { topic: 'handoff' });
    expect(answerText(answer)).toContain('/incident handoff <step> <@person> <what I saw and did>');
    expect(answer.edits[0]).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('site autocomplete offers the directory’s sites matching what was typed', async () => {
    const answer = await world.fake.autocomplete(IDS.maria, 'open', { site: 'wand' }, 'site');
    expect(answer.callbacks[0]).toMatchObject({
      type: 8,
      data: {
        choices: [
          { name: 'Wanderlust Travel website (wanderlust-web)', value: 'wanderlust-web' },
          { name: 'Wanderlust travel journal (wanderlust-blog)', value: 'wanderlust-blog' },
          { name: 'Wanderlust group tours booking (wanderlust-tours)', value: 'wanderlust-tours' },
        ],
      },
    });
  });

  it('an interaction Discord delivers twice is handled once', async () => {
    const before = (await world.store.transaction((tx) => tx.timeline(1))).length;
    const first = await world.fake.command(IDS.dana, 'step add', { title: 'Watch the disk' }, threadId);
    // The same payload again, as after a gateway replay: Discord refuses a second callback.
    const replayed = world.fake.dispatchInteraction(lastInteractionPayload(first.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replayed.callbacks).toHaveLength(1);
    const after = await world.store.transaction((tx) => tx.timeline(1));
    expect(after.length - before).toBe(1);
    expect(world.logs.filter((l) => l.message === 'discord interaction not answerable')).toHaveLength(1);
  });
});

function lastInteractionPayload(id: string): { id: string; token: string } {
  const session = world.fake.gateway.current!;
  const event = session.log
    .filter((e) => e.t === 'INTERACTION_CREATE' && (e.d as { id: string }).id === id)
    .at(-1);
  return event!.d as { id: string; token: string };
}
