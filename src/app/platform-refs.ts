// What a platform adapter must find again after a restart (design: the status message an
// incident keeps, a handoff request's message), kept in the database beside the incident so
// edits after a restart change the same message and no second status is ever posted.

import type { Clock, PlatformRefValue, Store } from './ports.ts';

export interface PlatformRefs {
  get(key: string): Promise<PlatformRefValue | null>;
  /** Stores the value, replacing any under the key. */
  put(key: string, value: PlatformRefValue): Promise<void>;
  /** Stores the value unless the key has one; false when another process got there first. */
  putIfAbsent(key: string, value: PlatformRefValue): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Each is one statement, atomic alone: none needs a transaction of its own (Store.autocommit). */
export function platformRefs(store: Store, clock: Clock, platform: string): PlatformRefs {
  return {
    get: (key) => store.autocommit((tx) => tx.loadPlatformRef(platform, key)),
    put: (key, value) => store.autocommit((tx) => tx.savePlatformRef(platform, key, value, clock.now())),
    putIfAbsent: (key, value) =>
      store.autocommit((tx) => tx.insertPlatformRef(platform, key, value, clock.now())),
    delete: (key) => store.autocommit((tx) => tx.deletePlatformRef(platform, key)),
  };
}
