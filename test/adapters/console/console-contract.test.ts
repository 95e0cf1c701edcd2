// The chat adapter contract, run against the console chat (everyone is reachable there).

import { ConsoleChat } from '../../../adapters/console/console-chat.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { createHarness } from '../../support/app-harness.ts';
import { chatAdapterContract } from '../chat-contract.ts';

chatAdapterContract('console', async (directory) => {
  const printed: string[] = [];
  const harness = await createHarness(createMemoryStore(), directory);
  const chat = new ConsoleChat({
    directory: () => directory,
    clock: harness.clock,
    write: (t) => printed.push(t),
  });
  chat.attach(harness.app);
  // The harness notifier records; the console must be the one delivering.
  harness.deps.notifier = chat;
  const name = (personId: string) => directory.people.find((p) => p.id === personId)?.name ?? personId;
  return {
    notifier: chat,
    async openIncident() {
      await chat.handleLine('/as Maria');
      await chat.handleLine('/incident open wanderlust-web The booking site is down');
      return 1;
    },
    async delivered(personId) {
      // The console prints notifications after the next reply; any command flushes them.
      await chat.handleLine('/incident help status');
      const header = `Handoff → ${name(personId)}: `;
      return printed.filter((t) => t.includes(header)).map((t) => t.slice(t.indexOf(header) + header.length));
    },
    async reported() {
      return [];
    },
    close: () => harness.deps.store.close(),
  };
});
