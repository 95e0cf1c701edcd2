// Maps a platform user to a directory person. Unknown people are told how to get
// added, and nothing else happens (issue 5 §6).

import type { Directory, Person, Platform } from '../domain/directory.ts';
import { PermissionError } from '../domain/errors.ts';

export interface ActorRef {
  platform: Platform;
  /** Slack user id, Discord user id, or (console) the directory person id. */
  userId: string;
}

/** The directory person behind a platform user, or undefined. */
export function findActor(directory: Directory, actor: ActorRef): Person | undefined {
  const platform = actor.platform;
  return platform === 'console'
    ? directory.people.find((p) => p.id === actor.userId)
    : directory.people.find((p) => p.handles[platform] === actor.userId);
}

export function resolveActor(directory: Directory, actor: ActorRef): Person {
  const person = findActor(directory, actor);
  if (person) return person;
  const where =
    actor.platform === 'console' ? 'person id' : `${actor.platform === 'slack' ? 'Slack' : 'Discord'} user`;
  const field = actor.platform === 'console' ? 'id' : actor.platform;
  throw new PermissionError(
    `I don't know you yet: ${where} ${actor.userId} is not in Handoff's directory. ` +
      `Ask your IT provider to add "${field}: ${actor.userId}" to your entry in the directory file.`,
  );
}
