// The App Home tab (issue 15, item 3): when someone opens Handoff's Home in Slack, it shows
// what is waiting on them across their incidents, the same words as /incident mine.
// Published fresh on every opening, so it is never stale and needs nothing stored.

import type { types } from '@slack/bolt';
import type { SlackRuntime } from './slack-runtime.ts';
import { describeError, withRetries } from './slack-errors.ts';
import { escapeText } from './slack-render.ts';

type KnownBlock = types.KnownBlock;

// Slack limits a section's text to 3000 characters; long lists go into several sections.
const SECTION_LIMIT = 2900;
// A Home view holds at most 100 blocks; the header and the footer take two.
const MAX_SECTIONS = 98;

/** Splits at line ends so no section is longer than Slack allows and no line is cut. */
function sections(text: string): KnownBlock[] {
  const chunks: string[] = [];
  for (const line of text.split('\n')) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= SECTION_LIMIT)
      chunks[chunks.length - 1] = `${last}\n${line}`;
    else chunks.push(line.slice(0, SECTION_LIMIT));
  }
  return chunks
    .slice(0, MAX_SECTIONS)
    .map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

/** The Home view for the words the core gave, or for someone not in the directory. */
export function homeView(text: string | undefined, userId: string): types.HomeView {
  const body =
    text ??
    `I don't know you yet: Slack user ${userId} is not in Handoff's directory. Ask your IT provider to add "slack: ${userId}" to your entry in the directory file.`;
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'What is waiting on you' } },
      ...sections(escapeText(body)),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Type `/incident mine` in any channel for the same list, or `/incident help` for every command.',
          },
        ],
      },
    ],
  };
}

export function createAppHome(rt: SlackRuntime) {
  return {
    /** Publishes the person's Home tab; a failure is logged, never thrown (nobody is waiting on a reply). */
    async opened(input: { userId: string }): Promise<void> {
      const work = await rt.app().myWork({ platform: 'slack', userId: input.userId });
      try {
        await withRetries(rt.retry.attempts, rt.retry.delayMs, () =>
          rt.client.views.publish({ user_id: input.userId, view: homeView(work?.text, input.userId) }),
        );
      } catch (error) {
        rt.logger.warn({ error: describeError(error) }, 'could not publish the App Home tab');
      }
    },
  };
}
