// When Discord misbehaves: a 429 while the incident thread is created, the gateway
// dropping in the middle of an incident (discord.js resumes and the fake replays what
// was missed), a message delivered twice, and running without the Message Content intent.

import { afterEach, describe, expect, it } from 'vitest';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { answerText, waitFor } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const timelineTypes = async (w: DiscordWorld) =>
  (await w.store.transaction((tx) => tx.timeline(1))).map((e) => e.type);

describe('Discord misbehaving', () => {
  it('a 429 during thread creation is waited out; the incident still gets its thread', async () => {
    const w = (world = await startDiscordWorld());
    w.fake.rest.rateLimits.push({
      method: 'POST',
      path: /^\/channels\/\d+\/threads$/,
      times: 1,
      retryAfterS: 0.3,
    });
    const started = Date.now();
    const reply = await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    expect(answerText(reply)).toContain('Opened INC-1');
    const attempts = w.fake.rest.find('POST', /^\/channels\/\d+\/threads$/);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // Deferred at once, so the 3 s window was never at risk.
    expect(reply.callbacks[0]?.type).toBe(5);
    const threadId = w.fake.state.threads()[0]!.id;
    expect(await w.app.incidentForRoom('discord', threadId)).toBe(1);
    expect(w.fake.messagesIn(threadId).filter((m) => m.content.includes('Hi '))).toHaveLength(4);
    expect(w.logs.some((l) => l.message === 'discord rate limited')).toBe(true);
  });

  it('without permission to create threads, people still get answers, and the thread comes later', async () => {
    const w = (world = await startDiscordWorld());
    const threads = /^\/channels\/\d+\/threads$/;
    const missing = { status: 403, code: 50013, message: 'Missing Permissions' };
    w.fake.rest.failures.push({ method: 'POST', path: threads, times: 1000, ...missing });
    const reply = await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    expect(answerText(reply)).toContain('Opened INC-1');
    expect(answerText(reply)).not.toContain('Thread:');
    expect(w.logs.filter((l) => l.message === 'discord notification not delivered')).toHaveLength(4);
    // The permission is fixed: the next command brings the incident its thread.
    w.fake.rest.failures.length = 0;
    const status = await w.fake.command(IDS.dana, 'status');
    const threadId = w.fake.state.threads()[0]!.id;
    expect(answerText(status)).toContain(`Thread: <#${threadId}>`);
    expect(await w.app.incidentForRoom('discord', threadId)).toBe(1);
  });

  it('a gateway drop mid-incident is resumed and nothing sent meanwhile is lost', async () => {
    const w = (world = await startDiscordWorld());
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    await w.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Disk full.' },
      threadId,
    );
    const request = w.fake
      .messagesIn(threadId)
      .filter((m) => m.components?.length)
      .at(-1)!;
    const session = w.fake.gateway.current!;

    w.fake.gateway.drop();
    // While the bot is away: a deflection in the thread and Sam pressing Accept.
    const said = w.fake.say(IDS.dana, threadId, 'Not my problem, ask the vendor.');
    const pressed = w.fake.press(IDS.sam, request, 'handoff:accept:1:1');

    expect(answerText(await pressed)).toContain('You accepted H1');
    await waitFor(
      () => w.fake.messagesIn(threadId).some((m) => m.message_reference?.message_id === said.id),
      'the blame guard answer',
    );
    const [resume] = w.fake.gateway.ops(GatewayOpcodes.Resume);
    expect(resume?.d).toMatchObject({ session_id: session.id, seq: expect.any(Number) });
    expect(w.fake.gateway.sessions).toHaveLength(1);
    expect(await timelineTypes(w)).toEqual([
      'incident.opened',
      ...Array(5).fill('participant.joined'),
      'room.linked',
      'step.added',
      'handoff.proposed',
      'blame.flagged',
      'handoff.accepted',
    ]);
    expect(w.logs.some((l) => l.message === 'discord gateway resumed')).toBe(true);
  });

  it('after a restart the bot knows its threads, buttons still work and the same status is edited', async () => {
    const w = (world = await startDiscordWorld());
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    await w.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Disk full.' },
      threadId,
    );
    const request = w.fake
      .messagesIn(threadId)
      .filter((m) => m.components?.length)
      .at(-1)!;

    await w.restart();
    expect(w.fake.gateway.sessions).toHaveLength(2);
    expect(answerText(await w.fake.press(IDS.sam, request, 'handoff:accept:1:1'))).toContain(
      'You accepted H1',
    );
    expect(request.content).toContain("✅ Sam accepted H1: step 1 is Sam's now.");
    const said = w.fake.say(IDS.sam, threadId, "Not my problem, that's an application issue.");
    await waitFor(
      () => w.fake.messagesIn(threadId).some((m) => m.message_reference?.message_id === said.id),
      'the blame guard answer',
    );
    const statuses = w.fake.messagesIn(threadId).filter((m) => m.content.startsWith('📌 **Status**'));
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.content).toContain('Sam has it');
    expect(w.fake.state.threads()).toHaveLength(1);
    expect((await timelineTypes(w)).filter((t) => t === 'room.linked')).toHaveLength(1);
  });

  it('a message Discord delivers twice is judged once', async () => {
    const w = (world = await startDiscordWorld());
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    const said = w.fake.say(IDS.dana, threadId, "That's a server issue.");
    const answers = () =>
      w.fake.messagesIn(threadId).filter((m) => m.message_reference?.message_id === said.id);
    await waitFor(() => answers().length === 1, 'the blame guard answer');
    w.fake.redeliver(said);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answers()).toHaveLength(1);
    expect((await timelineTypes(w)).filter((t) => t === 'blame.flagged')).toHaveLength(1);
  });

  it('without the Message Content intent it asks for Guilds only and still runs commands', async () => {
    const w = (world = await startDiscordWorld({ messageContent: false }));
    const [identify] = w.fake.gateway.ops(GatewayOpcodes.Identify);
    expect((identify?.d as { intents: number }).intents).toBe(1);
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    w.fake.say(IDS.dana, threadId, "That's a server issue.");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await timelineTypes(w)).not.toContain('blame.flagged');
    expect(answerText(await w.fake.command(IDS.dana, 'status', {}, threadId))).toContain(
      'Step 1: Check the server',
    );
  });

  it('with it, it asks for Guilds, GuildMessages and MessageContent', async () => {
    const w = (world = await startDiscordWorld());
    const [identify] = w.fake.gateway.ops(GatewayOpcodes.Identify);
    expect((identify?.d as { intents: number }).intents).toBe(1 | 512 | 32768);
  });
});
