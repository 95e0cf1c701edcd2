// The Discord notifier on its own: who is mentioned, where a notification without an
// incident goes, and heartbeats kept alive while the bot idles.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { answerText, waitFor } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld;
beforeAll(async () => {
  world = await startDiscordWorld();
  await world.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
});
afterAll(async () => {
  await world?.stop();
});

describe('Discord notifications', () => {
  it('mention only the person they are for', () => {
    const greetings = world.fake.rest
      .find('POST', /^\/channels\/\d+\/messages$/)
      .map((c) => c.body as { content: string; allowed_mentions?: { users?: string[] } })
      .filter((b) => b.content.includes(' Hi '));
    expect(greetings).toHaveLength(4);
    for (const g of greetings) {
      const id = /^<@(\d+)>/.exec(g.content)![1]!;
      expect(g.allowed_mentions).toEqual({ users: [id] });
    }
  });

  it('without an incident go to the person’s direct messages', async () => {
    await world.adapter.notifier.notify([{ personId: 'otto', personName: 'Otto', text: 'Otto, a test.' }]);
    const [open] = world.fake.rest.find('POST', /^\/users\/@me\/channels$/);
    expect(open?.body).toEqual({ recipient_id: IDS.otto });
    const dm = [...world.fake.state.channels.values()].find((c) => c.type === 1)!;
    expect(world.fake.messagesIn(dm.id).map((m) => m.content)).toEqual(['Otto, a test.']);
  });

  it('for someone new to the incident add them to the thread first', async () => {
    const threadId = world.fake.state.threads()[0]!.id;
    expect(world.fake.state.threadMembers.get(threadId)?.has(IDS.priya)).toBe(false);
    await world.adapter.notifier.notify([
      { personId: 'priya', personName: 'Priya', incidentNumber: 1, text: 'Priya, have a look.' },
    ]);
    expect(world.fake.state.threadMembers.get(threadId)?.has(IDS.priya)).toBe(true);
    expect(world.fake.messagesIn(threadId).at(-1)?.content).toBe(`<@${IDS.priya}> Priya, have a look.`);
  });

  it('tell the thread when the coordinator re-rates it with the typed severity option', async () => {
    const threadId = world.fake.state.threads()[0]!.id;
    const refused = await world.fake.command(IDS.maria, 'severity', { level: 'sev1' }, threadId);
    expect(answerText(refused)).toBe('Only the coordinator, Dana, can change the severity on INC-1.');
    const reply = await world.fake.command(IDS.dana, 'severity', { level: 'sev1' }, threadId);
    expect(answerText(reply)).toBe('INC-1 is now sev1 (was sev2). Everyone has been told.');
    expect(world.fake.messagesIn(threadId).map((m) => m.content)).toContainEqual(
      `<@${IDS.kevin}> Kevin, Dana raised INC-1 to sev1 (was sev2).`,
    );
    expect((await world.app.view(1))?.severity).toBe('sev1');
  });

  it('keep the gateway alive: every heartbeat is acknowledged', async () => {
    await waitFor(
      () => world.fake.gateway.ops(GatewayOpcodes.Heartbeat).length >= 2,
      'two heartbeats',
      5_000,
    );
    expect(world.fake.gateway.ops(GatewayOpcodes.Resume)).toEqual([]);
    expect(world.fake.gateway.sessions).toHaveLength(1);
  });
});
