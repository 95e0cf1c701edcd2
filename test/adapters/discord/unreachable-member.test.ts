// One directory person whose Discord id is not in the server (they left, or the id is
// mistyped): Discord answers 404 Unknown Member (10007) when the bot adds them to the
// incident thread. They are reported once and skipped; everyone else is still added,
// greeted and told of what happens next.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld;
let threadId: string;
beforeAll(async () => {
  world = await startDiscordWorld({ notInServer: [IDS.sam] });
  const reply = await world.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
  expect(answerText(reply)).toContain('Opened INC-1');
  threadId = world.fake.state.threads()[0]!.id;
});
afterAll(async () => {
  await world?.stop();
});

const thread = () => world.fake.messagesIn(threadId);
const toldCoordinator = () =>
  thread().filter((m) => m.content.includes('could not reach Sam on Discord: not in the server'));
const failures = async () =>
  (await world.store.transaction((tx) => tx.timeline(1))).filter((e) => e.type === 'delivery.failed');

describe('a participant who is not in the Discord server', () => {
  it('is skipped: everyone else is added to the thread and greeted', () => {
    const members = world.fake.state.threadMembers.get(threadId)!;
    for (const id of [IDS.dana, IDS.jonas, IDS.maria, IDS.kevin]) expect(members.has(id)).toBe(true);
    expect(members.has(IDS.sam)).toBe(false);
    for (const [id, name] of [
      [IDS.dana, 'Dana'],
      [IDS.jonas, 'Jonas'],
      [IDS.kevin, 'Kevin'],
    ] as const) {
      expect(thread().filter((m) => m.content.startsWith(`<@${id}> Hi ${name},`))).toHaveLength(1);
    }
    expect(thread().some((m) => m.content.includes('Hi Sam'))).toBe(false);
    expect(thread().filter((m) => m.content.startsWith('📌 **Status**'))).toHaveLength(1);
  });

  it('is reported on the timeline once, and the coordinator is told once', async () => {
    expect((await failures()).map((e) => e.payload)).toEqual([
      { platform: 'discord', personId: 'sam', reason: 'not in the server' },
    ]);
    expect(toldCoordinator()).toHaveLength(1);
    expect(toldCoordinator()[0]!.content).toMatch(new RegExp(`^<@${IDS.dana}> Dana, Handoff could not`));
  });

  it('does not stop later notifications to the others; theirs to Sam settle as failed', async () => {
    const reply = await world.fake.command(IDS.dana, 'severity', { level: 'sev1' }, threadId);
    expect(answerText(reply)).toContain('INC-1 is now sev1');
    for (const [id, name] of [
      [IDS.jonas, 'Jonas'],
      [IDS.maria, 'Maria'],
      [IDS.kevin, 'Kevin'],
    ] as const) {
      expect(thread().map((m) => m.content)).toContainEqual(
        `<@${id}> ${name}, Dana raised INC-1 to sev1 (was sev2).`,
      );
    }
    expect(thread().some((m) => m.content.startsWith(`<@${IDS.sam}>`))).toBe(false);
    const outbox = await world.store.transaction((tx) => tx.listOutbox({}));
    const toSam = outbox.filter(
      (e) => e.effect.kind === 'notify' && e.effect.notification.personId === 'sam',
    );
    expect(toSam.length).toBeGreaterThanOrEqual(2);
    expect(toSam.every((e) => e.status === 'failed' && e.lastError === 'not in the server')).toBe(true);
    expect(outbox.filter((e) => e.status === 'pending')).toEqual([]);
    expect(await failures()).toHaveLength(1);
    expect(toldCoordinator()).toHaveLength(1);
  });
});
