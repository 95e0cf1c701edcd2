// Issue 11 item 6 through the real discord.js against the fake Discord: when a change is
// saved but editing the interaction's reply fails, the person is told it was applied (never
// "try again", which would do it twice); a read-only command that fails says it could not
// read; and every such failure is one log line with its cause.

import { afterEach, describe, expect, it } from 'vitest';
import { answerText } from '../../fakes/discord/fake-discord.ts';
import { IDS, startDiscordWorld, type DiscordWorld } from './discord-world.ts';

let world: DiscordWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const EDIT_REPLY = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

async function openIncident(w: DiscordWorld): Promise<string> {
  await w.fake.command(IDS.maria, 'open', { site: 'wanderlust-web', problem: 'Down' });
  return w.fake.state.threads()[0]!.id;
}

const problems = (w: DiscordWorld) => w.logs.filter((l) => l.level !== 'info');

describe('Discord: honest failure messages', () => {
  it('a change whose reply edit failed says it was applied, and is saved once', async () => {
    const w = (world = await startDiscordWorld());
    const threadId = await openIncident(w);
    w.logs.length = 0;
    // Both tries of the first edit (discord.js retries a 5xx once) fail; the next one works.
    const outage = { status: 500, code: 0, message: 'Internal Server Error' };
    w.fake.rest.failures.push({ method: 'PATCH', path: EDIT_REPLY, times: 2, ...outage });
    const reply = await w.fake.command(IDS.dana, 'step add', { title: 'Check the server' }, threadId);
    expect(answerText(reply)).toContain('Your change to INC-1 was applied');
    expect(answerText(reply)).not.toContain('not saved');
    const incident = await w.store.transaction((tx) => tx.loadIncident(1));
    expect(incident?.steps.map((s) => s.title)).toEqual(['Check the server']);
    expect(problems(w)).toHaveLength(1);
    expect(w.logText()).toContain('Internal Server Error');
  });

  it('a read-only command that fails in the core says it could not read, logged once with the cause', async () => {
    const w = (world = await startDiscordWorld());
    const threadId = await openIncident(w);
    w.logs.length = 0;
    // The thread is known without the database; the core's read is what fails.
    await w.store.close();
    const reply = await w.fake.command(IDS.dana, 'status', {}, threadId);
    expect(answerText(reply)).toBe('I could not read INC-1 right now; try again.');
    expect(problems(w)).toHaveLength(1);
    expect(w.logText()).toContain('The store is closed.');
  });

  it('a read-only command that fails before the core says the same', async () => {
    const w = (world = await startDiscordWorld());
    await openIncident(w);
    w.logs.length = 0;
    // Typed outside the thread: finding the channel's incident needs the database.
    await w.store.close();
    const reply = await w.fake.command(IDS.dana, 'summary', { incident: 1 });
    expect(answerText(reply)).toBe('I could not read INC-1 right now; try again.');
    expect(problems(w)).toHaveLength(1);
    expect(w.logText()).toContain('The store is closed.');
  });
});
