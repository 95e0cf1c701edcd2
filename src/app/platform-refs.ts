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

export function platformRefs(store: Store, clock: Clock, platform: string): PlatformRefs {
  return {
    get: (key) => store.transaction((tx) => tx.loadPlatformRef(platform, key)),
    put: (key, value) => store.transaction((tx) => tx.savePlatformRef(platform, key, value, clock.now())),
    putIfAbsent: (key, value) =>
      store.transaction((tx) => tx.insertPlatformRef(platform, key, value, clock.now())),
    delete: (key) => store.transaction((tx) => tx.deletePlatformRef(platform, key)),
  };
}
