// The chat adapter contract (test/adapters/chat-contract.ts), run against the Discord
// adapter: real discord.js against the fake Discord, with the contract's directory.

import { chatAdapterContract } from '../chat-contract.ts';
import { startDiscordWorld } from './discord-world.ts';

chatAdapterContract('Discord', async (directory) => {
  const world = await startDiscordWorld({ directory });
  const handle = (personId: string) => directory.people.find((p) => p.id === personId)?.handles.discord;
  return {
    notifier: world.adapter.notifier,
    async openIncident() {
      // Kevin is the wanderlust client contact with a Discord id in the contract's directory.
      await world.fake.command(handle('kevin')!, 'open', {
        site: 'wanderlust-web',
        problem: 'The site is down',
      });
      return 1;
    },
    async delivered(personId) {
      const id = handle(personId);
      if (!id) return [];
      const prefix = `<@${id}> `;
      return [...world.fake.state.messages.values()]
        .flat()
        .filter((m) => m.content.startsWith(prefix))
        .map((m) => m.content.slice(prefix.length));
    },
    async reported() {
      return world.logs.map((l) => `${l.message} ${JSON.stringify(l.fields)}`);
    },
    withoutHandle: 'maria',
    close: () => world.stop(),
  };
});
