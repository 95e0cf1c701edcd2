// What a committed change must still do outside the database, as outbox entries: one per
// notification per platform, and one "bring your status message up to date" per platform
// that keeps one. They are written in the change's own transaction (mutate.ts), so a crash
// after the commit loses nothing: a worker finds them pending and delivers them.

import { deliversTo, isChatPlatform, type ChatPlatform } from '../domain/channels.ts';
import type { Directory } from '../domain/directory.ts';
import type { Change } from './mutate.ts';
import { notificationsFor } from './notifications.ts';
import type { ClientLinks, Notifier, OutboxEffect, OutboxEntry } from './ports.ts';

/**
 * The change's outbox entries, keyed `<incident>:<seq>:<platform>:<n>` (seq of its last
 * event), so writing them twice (a retried transaction) is one set of rows. `claimedUntil`:
 * written claimed for the first attempt, under a lease that ends then.
 */
export function outboxEntriesFor(
  change: Change,
  directory: Directory,
  platforms: ReadonlyMap<string, Notifier>,
  now: Date,
  links?: ClientLinks,
  claimedUntil?: Date,
): OutboxEntry[] {
  const last = change.events.at(-1);
  if (!last) return [];
  const notifications = notificationsFor(change, directory, links);
  // A message that reports a failed delivery must not, failing too, report itself again.
  const reportFailure = change.events.some((e) => e.type !== 'delivery.failed');
  const entries: OutboxEntry[] = [];
  const chat = [...platforms.keys()].filter(isChatPlatform);
  for (const [platform, notifier] of platforms) {
    const effects: OutboxEffect[] = notifications
      .filter((notification) => reaches(platform, notification.personId, directory, chat))
      .map((notification) => ({ kind: 'notify', notification }));
    if (notifier.incidentChanged) effects.push({ kind: 'incidentChanged' });
    effects.forEach((effect, n) =>
      entries.push({
        id: `${change.incident.number}:${last.seq}:${platform}:${n}`,
        platform,
        incidentNumber: change.incident.number,
        effect,
        reportFailure,
        status: 'pending',
        // Claimed by the commit itself for its first attempt, when this process makes it
        // (deliver.ts, claimsAtCommit): the same lease a claim would take, without its statement.
        attempts: claimedUntil ? 1 : 0,
        nextAttemptAt: claimedUntil ?? now,
        createdAt: now,
      }),
    );
  }
  return entries;
}

/** E-mail goes to those who get it and chat to the rest (src/domain/channels.ts); other sinks get all. */
function reaches(
  platform: string,
  personId: string,
  directory: Directory,
  chat: readonly ChatPlatform[],
): boolean {
  if (platform !== 'email' && !isChatPlatform(platform)) return true;
  const person = directory.people.find((p) => p.id === personId);
  if (!person) return platform !== 'email';
  return deliversTo(platform === 'email' ? 'email' : (platform as ChatPlatform), person, chat);
}
