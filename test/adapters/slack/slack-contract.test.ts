// The chat adapter contract, run against Slack through the fake Slack Web API.

import { decodeSlackText } from '../../../adapters/slack/slack-payloads.ts';
import { chatAdapterContract } from '../chat-contract.ts';
import { createSlackWorld, slash } from './slack-world.ts';

chatAdapterContract('Slack', async (directory) => {
  const world = await createSlackWorld(directory);
  const slackId = (personId: string) => directory.people.find((p) => p.id === personId)?.handles.slack;
  return {
    notifier: world.adapter.notifier,
    withoutHandle: 'kevin',
    async openIncident() {
      await slash(world, 'U0MARIA', 'open wanderlust-web The booking site is down');
      return 1;
    },
    async delivered(personId) {
      const id = slackId(personId);
      if (!id) return [];
      return world.fake.messages
        .filter((m) => m.user === id || m.channel === `D${id}` || (!m.user && m.text.startsWith(`<@${id}>`)))
        .map((m) => decodeSlackText(m.text));
    },
    async reported() {
      const notices = world.fake.messages
        .filter((m) => m.text.includes('not on Slack'))
        .map((m) => decodeSlackText(m.text));
      return [...notices, ...world.logger.lines.map((l) => `${l.message} ${JSON.stringify(l.fields)}`)];
    },
    close: () => world.close(),
  };
});
