// Issue 7 "Done when": someone chatting in the console follows the incident on the
// owners' pages, then reads its summary and swimlane. A real `handoff console --web`
// process, fed line by line, and plain HTTP against the pages it serves.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/discord/fake-discord.ts';
import { startConsoleWithPages, type ConsoleProcess } from './support/console-process.ts';

const TOKEN = 'owner-token-for-the-console-test';
let chat: ConsoleProcess;
const type = (line: string, until: string) => chat.type(line, until);

const page = async (rest: string) => {
  const response = await fetch(`${chat.origin}/o/${TOKEN}${rest}`);
  return { status: response.status, text: await response.text() };
};

beforeAll(async () => {
  chat = await startConsoleWithPages(TOKEN);
});

afterAll(() => chat?.stop());

describe('console chat with the owners pages', () => {
  it('shows the live incident, then its summary and swimlane after resolving', async () => {
    await type('/clock 2026-03-02T08:00Z', 'Clock: 2026-03-02T08:00:00Z');
    await type('/as Maria', 'You are now Maria');
    await type('/incident open wanderlust-web The booking site is down', 'Opened INC-1');
    expect((await page('/')).text).toContain('The booking site is down');
    // Issue 15, item 2: the client gets their own read-only link from the chat, and it opens.
    await type('/incident link', "Maria, here is Wanderlust Travel's own read-only page: ");
    await waitFor(() => /read-only page: (\S+)\n/.test(chat.output()), 'the whole link', 5_000);
    const link = /read-only page: (\S+)\n/.exec(chat.output())![1]!;
    expect(link.startsWith(`${chat.origin}/c/wanderlust/`)).toBe(true);
    const clientPage = await fetch(link);
    expect(clientPage.status).toBe(200);
    expect(await clientPage.text()).toContain('The booking site is down');

    await type('/as Dana', 'You are now Dana');
    await type('/incident step add Find the cause', 'Added step 1');
    await type(
      '/incident handoff 1 @Sam Disk full on the managed server; cleared /tmp',
      'Offered step 1 to Sam',
    );
    await type('/wait 10m', 'Clock: 2026-03-02T08:10:00Z');
    await type('/as Sam', 'You are now Sam');
    await type('/incident accept H1', 'You accepted H1');
    const live = await page('/incidents/1');
    expect(live.status).toBe(200);
    expect(live.text).toContain('Find the cause');
    expect(live.text).toMatch(/Sam/);

    await type('/wait 50m', 'Clock: 2026-03-02T09:00:00Z');
    await type('/as Dana', 'You are now Dana');
    await type('/incident resolve Binlog retention fixed', 'INC-1 is resolved.');
    const summary = await page('/incidents/1/summary');
    expect(summary.status).toBe(200);
    expect(summary.text).toContain('Resolved after 1 h');
    const swimlane = await page('/incidents/1/swimlane.svg');
    expect(swimlane.status).toBe(200);
    const svg = swimlane.text;
    expect(svg.indexOf('Dana')).toBeGreaterThan(-1);
    expect(svg.indexOf('Dana')).toBeLessThan(svg.lastIndexOf('Sam'));

    const { child } = chat;
    child.stdin!.end();
    const code = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c)),
    );
    expect(code).toBe(0);
  });
});
