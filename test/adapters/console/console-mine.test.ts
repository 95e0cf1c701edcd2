// The console shows what is waiting on someone when you switch to them (issue 15, item 3),
// and /incident mine answers there like anywhere else.

import { describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../../adapters/console/console-chat.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { createHarness } from '../../support/app-harness.ts';
import { testWorld } from '../../support/world.ts';

async function consoleWithAnOffer() {
  const directory = testWorld();
  const harness = await createHarness(createMemoryStore(), directory);
  const printed: string[] = [];
  const chat = new ConsoleChat({
    directory: () => directory,
    clock: harness.clock,
    write: (t) => printed.push(t),
  });
  chat.attach(harness.app);
  harness.deps.notifier = chat;
  await chat.handleLine('/as Maria');
  await chat.handleLine('/incident open wanderlust-web The booking site is down');
  await chat.handleLine('/as Dana');
  await chat.handleLine('/incident step add Check the web server @Sam');
  harness.clock.advance(12 * 60_000);
  return { chat, printed: () => printed.splice(0).join('\n') };
}

describe('console: what is waiting on me', () => {
  it('shows one block after /as when something waits on that person', async () => {
    const { chat, printed } = await consoleWithAnOffer();
    printed();
    await chat.handleLine('/as Sam');
    const out = printed();
    expect(out).toContain('Handoff: You are now Sam (CloudNest Hosting).');
    expect(out).toContain('Handoff → Sam (only you): Sam, here is what is waiting on you:');
    expect(out).toContain(
      'INC-1 H1: step 1 “Check the web server”, offered by Dana 12 min ago; Dana is waiting for your answer.',
    );
    expect(out.indexOf('You are now Sam')).toBeLessThan(out.indexOf('here is what is waiting'));
  });

  it('adds nothing after /as when nothing waits on that person', async () => {
    const { chat, printed } = await consoleWithAnOffer();
    printed();
    await chat.handleLine('/as Kevin');
    expect(printed()).toMatch(/^\S+ Handoff: You are now Kevin \(Wanderlust Travel\)\.$/);
  });

  it('answers /incident mine privately', async () => {
    const { chat, printed } = await consoleWithAnOffer();
    await chat.handleLine('/as Dana');
    printed();
    await chat.handleLine('/incident mine');
    const out = printed();
    expect(out).toContain('Handoff → Dana (only you): Dana, here is what is waiting on you:');
    expect(out).toContain(
      'INC-1 H1: step 1 “Check the web server” offered to Sam 12 min ago; not answered yet, so you still own it.',
    );
  });
});
