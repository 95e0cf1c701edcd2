// /incident mine on Discord (issue 15, item 3): an ephemeral reply listing the person's
// steps and the handoffs waiting on them, through the real discord.js and the fake Discord.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld;

beforeAll(async () => {
  world = await startDiscordWorld({ start: new Date('2026-03-02T08:00:00Z') });
});
afterAll(async () => {
  await world?.stop();
});

describe('/incident mine on Discord', () => {
  it('answers privately with the handoffs waiting on the person, oldest first', async () => {
    await world.fake.command(IDS.maria, 'open', {
      site: 'wanderlust-web',
      problem: 'The booking site is down',
    });
    const thread = world.fake.state.threads()[0]!.id;
    await world.fake.command(IDS.dana, 'step add', { title: 'Check the web server' }, thread);
    await world.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Nginx answers 502; I restarted PHP-FPM.' },
      thread,
    );
    world.clock.advance(9 * 60_000);
    const reply = await world.fake.command(IDS.sam, 'mine', {});
    expect(reply.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    const text = answerText(reply);
    expect(text).toContain('Sam, here is what is waiting on you:');
    expect(text).toContain(
      'INC-1 H1: step 1 “Check the web server”, offered by Dana 9 min ago; Dana is waiting for your answer.',
    );
    const dana = answerText(await world.fake.command(IDS.dana, 'mine', {}));
    expect(dana).toContain('Check the web server (yours for 9 min)');
    expect(dana).toContain(
      'INC-1 H1: step 1 “Check the web server” offered to Sam 9 min ago; not answered yet, so you still own it.',
    );
  });

  it('registers mine and link as subcommands without options', async () => {
    const { incidentCommand } = await import('../../../adapters/discord/register-commands.ts');
    const command = incidentCommand(world.directory);
    for (const name of ['mine', 'link']) {
      const sub = command.options?.find((o) => o.name === name) as { options?: unknown[] } | undefined;
      expect(sub?.options).toEqual([]);
    }
  });
});
