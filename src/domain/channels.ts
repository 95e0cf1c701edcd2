// Which channel reaches whom (issue 14). Chat is the default; a person with an e-mail
// address and no id on any configured chat platform is reached by e-mail instead of being
// left out, and a directory entry may ask for e-mail only (`notify: email`) or both.
// In the console (no Slack or Discord configured) the terminal stands in for both: a person
// with either id counts as reachable by chat there.

import type { Person } from './directory.ts';

export const CHAT_PLATFORMS = ['slack', 'discord', 'console'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
export type Channel = ChatPlatform | 'email';

export function isChatPlatform(name: string): name is ChatPlatform {
  return (CHAT_PLATFORMS as readonly string[]).includes(name);
}

/** True when one of the configured chat platforms has an id for the person. */
export function reachableByChat(person: Person, chat: readonly ChatPlatform[]): boolean {
  return chat.some((platform) =>
    platform === 'console'
      ? Boolean(person.handles.slack ?? person.handles.discord)
      : Boolean(person.handles[platform]),
  );
}

/** The person is sent e-mail: they have an address, and asked for it or have no chat. */
export function getsEmail(person: Person, chat: readonly ChatPlatform[]): boolean {
  if (!person.email) return false;
  return person.notify === 'email' || person.notify === 'both' || !reachableByChat(person, chat);
}

/**
 * Whether a notification for the person goes out on this platform. A person who gets
 * e-mail gets chat too only when they have chat and did not ask for e-mail alone; everyone
 * else is handed to the chat platforms as before (each reports whom it cannot reach).
 */
export function deliversTo(channel: Channel, person: Person, chat: readonly ChatPlatform[]): boolean {
  if (channel === 'email') return getsEmail(person, chat);
  if (!getsEmail(person, chat)) return true;
  return person.notify !== 'email' && reachableByChat(person, chat);
}

/** The channels a person is reached on, for the owners' pages: e.g. ['slack'], ['email']. */
export function channelsOf(person: Person, configured: readonly Channel[]): Channel[] {
  const chat = configured.filter(isChatPlatform);
  const onChat = (platform: ChatPlatform) =>
    platform === 'console' ? true : Boolean(person.handles[platform]);
  return configured.filter((channel) =>
    channel === 'email' ? getsEmail(person, chat) : onChat(channel) && deliversTo(channel, person, chat),
  );
}
