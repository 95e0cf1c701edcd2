// Several Handoff instances share one Discord bot (README, Running N instances): every
// instance delivers to Discord, since a delivery goes to whichever instance's worker takes
// it, and an instance without Discord would have no Discord entries to write at all; but
// only one holds the gateway, since Discord sends each event to every session a bot has
// open. The others run with DISCORD_GATEWAY=off: discord.js over REST only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { FAKE_INCIDENT_CHANNEL } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld;
beforeAll(async () => {
  world = await startDiscordWorld({ gateway: false });
});
afterAll(async () => {
  await world?.stop();
});

describe('an instance with DISCORD_GATEWAY=off', () => {
  it('opens no gateway session', () => {
    expect(world.fake.gateway.received.filter((op) => op.op === GatewayOpcodes.Identify)).toEqual([]);
    expect(world.fake.gateway.sessions).toEqual([]);
  });

  it('delivers an incident opened through another instance to its private thread', async () => {
    // As the instance holding the gateway would run Maria's /incident open.
    const reply = await world.app.handleCommand({
      actor: { platform: 'discord', userId: IDS.maria },
      text: 'open wanderlust-web Checkout is down',
      idempotencyKey: 'interaction-1',
    });
    expect(reply?.text).toContain('INC-1');
    await world.adapter.notifier.incidentChanged?.(1);
    const [thread] = world.fake.state.threads();
    expect(thread?.parent_id).toBe(FAKE_INCIDENT_CHANNEL);
    expect(thread?.name).toContain('INC-1');
    expect(world.fake.state.threadMembers.get(thread!.id)?.has(IDS.dana)).toBe(true);
    expect(world.fake.messagesIn(thread!.id).some((m) => m.content.includes('INC-1'))).toBe(true);
    expect((await world.app.view(1))?.rooms.discord).toBe(thread!.id);
  });

  it('mentions people in the thread, and writes to a person with no incident directly', async () => {
    const threadId = world.fake.state.threads()[0]!.id;
    await world.adapter.notifier.notify([
      { personId: 'priya', personName: 'Priya', incidentNumber: 1, text: 'Priya, have a look.' },
      { personId: 'otto', personName: 'Otto', text: 'Otto, a test.' },
    ]);
    expect(world.fake.messagesIn(threadId).at(-1)?.content).toBe(`<@${IDS.priya}> Priya, have a look.`);
    const dm = [...world.fake.state.channels.values()].find((c) => c.type === 1)!;
    expect(world.fake.messagesIn(dm.id).map((m) => m.content)).toEqual(['Otto, a test.']);
  });
});
