// Everything a use-case needs, injected once by main.ts (or a test).

import type { Directory } from '../domain/directory.ts';
import type {
  BackupWriter,
  ClientLinks,
  Clock,
  Deliveries,
  Logger,
  Notifier,
  Store,
  Timers,
} from './ports.ts';
import type { DeliveryPolicy } from './deliver.ts';
import type { KeyedLock } from './keyed-lock.ts';

export interface Settings {
  /** Remind the addressee of an unanswered handoff after this long. */
  ackRemindMs: number;
  /** Escalate an unanswered handoff to the coordinator after this long. */
  ackEscalateMs: number;
  /** Remind the coordinator to update the client this long after opening, reopening or an update. */
  updateEveryMs: number;
  /** While nobody updates, each reminder waits twice as long as the last, up to this. */
  updateBackoffMaxMs: number;
}

export const DEFAULT_SETTINGS: Settings = {
  ackRemindMs: 10 * 60_000,
  ackEscalateMs: 30 * 60_000,
  updateEveryMs: 30 * 60_000,
  updateBackoffMaxMs: 8 * 60 * 60_000,
};

export interface AppDeps {
  store: Store;
  notifier: Notifier;
  /**
   * The chat platforms by name (console, slack, discord, web): each outbox entry names the
   * one that delivers it. Absent: `notifier` alone, as the platform `chat`.
   */
  platforms?: ReadonlyMap<string, Notifier>;
  /** Takes committed outbox entries to deliver later. Absent: delivered right after the commit, awaited. */
  deliveries?: Deliveries;
  /** How often and how long deliveries are retried. Absent: DELIVERY_POLICY (about 14 minutes). */
  delivery?: DeliveryPolicy;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The directory in force, loaded at start (a getter so a future reload needs no rewiring). */
  directory: () => Directory;
  settings: Settings;
  /** Serialises work on one incident within this process. */
  locks: KeyedLock;
  /** Client contacts' read-only page links; absent when there are no pages (tests, no web). */
  clientLinks?: ClientLinks;
  /** Scheduled backups; absent when they are off (tests). */
  backups?: BackupWriter;
}
