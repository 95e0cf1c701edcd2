// Discord answering 429 with Retry-After on every kind of call the adapter makes: thread
// creation, adding a member, posting a message, editing the status and a handoff request.
// A short wait is waited out by discord.js; a long one goes back to the outbox, which tries
// again after it. Either way everything arrives once: nothing lost, nothing doubled.

import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitRule } from '../../fakes/discord/fake-rest.ts';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const STATUS = '📌 **Status**';
const GREETED = [
  [IDS.dana, 'Dana'],
  [IDS.sam, 'Sam'],
  [IDS.jonas, 'Jonas'],
  [IDS.kevin, 'Kevin'],
] as const;

const outbox = (w: DiscordWorld) => w.store.transaction((tx) => tx.listOutbox({}));
const statusesOf = (w: DiscordWorld, threadId: string) =>
  w.fake.messagesIn(threadId).filter((m) => m.content.startsWith(STATUS));
const requestsIn = (w: DiscordWorld, threadId: string) =>
  w.fake.messagesIn(threadId).filter((m) => m.content.includes('wants to hand you step 1'));

describe.each(['bucket', 'retry-after'] as const)('Discord 429s (%s headers)', (headers) => {
  const limit = (w: DiscordWorld, method: string, path: RegExp) => {
    const rule: RateLimitRule = { method, path, times: 1, retryAfterS: 0.3, headers };
    w.fake.rest.rateLimits.push(rule);
    return () => w.fake.rest.find(method, path).map((c) => c.status);
  };

  it('on every kind of call are waited out; everything arrives once', async () => {
    const w = (world = await startDiscordWorld());
    const created = limit(w, 'POST', /^\/channels\/\d+\/threads$/);
    const added = limit(w, 'PUT', /^\/channels\/\d+\/thread-members\/\d+$/);
    const posted = limit(w, 'POST', /^\/channels\/\d+\/messages$/);
    const opened = await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    expect(answerText(opened)).toContain('Opened INC-1');
    const threadId = w.fake.state.threads()[0]!.id;
    expect(created()).toEqual([429, 200]);
    expect(added()[0]).toBe(429);
    expect(posted()[0]).toBe(429);

    const [status] = statusesOf(w, threadId);
    const editedStatus = limit(w, 'PATCH', new RegExp(`^/channels/${threadId}/messages/${status!.id}$`));
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    expect(editedStatus()).toEqual([429, 200]);
    expect(status!.content).toContain('Check the server');

    await w.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Disk full.' },
      threadId,
    );
    const [request] = requestsIn(w, threadId);
    const editedRequest = limit(w, 'PATCH', new RegExp(`^/channels/${threadId}/messages/${request!.id}$`));
    expect(answerText(await w.fake.command(IDS.sam, 'accept', { handoff: 1 }, threadId))).toContain(
      'You accepted H1',
    );
    expect(editedRequest()).toEqual([429, 200]);

    // Nothing lost, nothing doubled.
    expect(w.fake.state.threads()).toHaveLength(1);
    for (const [id, name] of GREETED) {
      expect(
        w.fake.messagesIn(threadId).filter((m) => m.content.startsWith(`<@${id}> Hi ${name},`)),
      ).toHaveLength(1);
    }
    const members = w.fake.state.threadMembers.get(threadId)!;
    for (const id of [IDS.dana, IDS.sam, IDS.jonas, IDS.maria, IDS.kevin]) expect(members.has(id)).toBe(true);
    expect(statusesOf(w, threadId)).toHaveLength(1);
    expect(status!.content).toContain('Sam has it');
    expect(requestsIn(w, threadId)).toHaveLength(1);
    expect(request!.content.split("✅ Sam accepted H1: step 1 is Sam's now.")).toHaveLength(2);
    expect((await outbox(w)).filter((e) => e.status !== 'sent')).toEqual([]);
    expect(w.logs.some((l) => l.message === 'discord rate limited')).toBe(true);
  });
});

describe('a 429 asking for a longer wait than the adapter waits in place', () => {
  it('goes back to the outbox, which delivers after the Retry-After, once', async () => {
    const w = (world = await startDiscordWorld({ rateLimitWaitMaxMs: 100 }));
    await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
    const threadId = w.fake.state.threads()[0]!.id;
    await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    const posts = new RegExp(`^/channels/${threadId}/messages$`);
    const earlier = w.fake.rest.find('POST', posts).length;
    const postStatuses = () =>
      w.fake.rest
        .find('POST', posts)
        .map((c) => c.status)
        .slice(earlier);
    w.fake.rest.rateLimits.push({ method: 'POST', path: posts, times: 1, retryAfterS: 1 });

    const reply = await w.fake.command(
      IDS.dana,
      'handoff',
      { step: 1, to: { user: IDS.sam }, note: 'Disk full.' },
      threadId,
    );
    expect(answerText(reply)).toContain('H1');
    // The reply did not wait for Discord's second; the request waits in the outbox.
    expect(requestsIn(w, threadId)).toEqual([]);
    const [waiting] = (await outbox(w)).filter((e) => e.status === 'pending');
    expect(waiting?.lastError).toBe('Discord asked us to slow down');
    expect(waiting!.nextAttemptAt.getTime() - w.clock.now().getTime()).toBeGreaterThanOrEqual(1_000);

    await w.deliverDue(); // not due yet: nothing is tried
    expect(postStatuses()).toEqual([429]);

    // Discord's second passes (in real time, for discord.js's bucket), and the outbox's clock.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    w.clock.advance(waiting!.nextAttemptAt.getTime() - w.clock.now().getTime());
    await w.deliverDue();

    expect(requestsIn(w, threadId)).toHaveLength(1);
    expect(postStatuses()).toEqual([429, 200]);
    expect((await outbox(w)).filter((e) => e.status !== 'sent')).toEqual([]);
  });
});
