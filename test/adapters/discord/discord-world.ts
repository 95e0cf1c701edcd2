// A whole world for Discord tests: the fake Discord, the real core on the memory store (or
// a database the test opens) with the example directory and a manual clock, and the real
// adapter (real discord.js) pointed at the fake. Nothing of ours is mocked.

import { createHandoffApp, type HandoffApp } from '../../../src/app/handoff-app.ts';
import { deliverEntry } from '../../../src/app/deliver.ts';
import { DEFAULT_SETTINGS, type AppDeps } from '../../../src/app/deps.ts';
import { KeyedLock } from '../../../src/app/keyed-lock.ts';
import type { Logger, Store } from '../../../src/app/ports.ts';
import { EXAMPLE_DIRECTORY } from '../../../src/config.ts';
import { loadDirectoryFile } from '../../../src/directory/directory-file.ts';
import type { Directory } from '../../../src/domain/directory.ts';
import { createMemoryStore } from '../../../src/store/memory-store.ts';
import { ManualClock } from '../../../src/timers/clock.ts';
import { MemoryTimers } from '../../../src/timers/memory-timers.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord-adapter.ts';
import {
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_INCIDENT_CHANNEL,
  FAKE_TOKEN,
  FakeDiscord,
} from '../../fakes/discord/fake-discord.ts';

/** Discord user ids of the example directory's people. */
export const IDS = {
  dana: '810000000000000001',
  priya: '810000000000000002',
  sam: '810000000000000003',
  jonas: '810000000000000004',
  maria: '810000000000000005',
  kevin: '810000000000000006',
  otto: '810000000000000007',
  /** On the server, but in nobody's directory entry. */
  stranger: '810000000000000099',
} as const;

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: object;
}

export interface DiscordWorld {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  app: HandoffApp;
  store: Store;
  clock: ManualClock;
  directory: Directory;
  logs: LogLine[];
  /** Every log line serialised, as a log shipper would see it. */
  logText(): string;
  /** Stops the bot and starts a new one (new adapter, new core, empty caches) on the same database. */
  restart(): Promise<void>;
  /**
   * What the delivery worker does when woken: one attempt at every pending outbox entry due
   * by the clock (there is no worker here; each change delivers right after its commit).
   */
  deliverDue(): Promise<void>;
  stop(): Promise<void>;
}

function capturingLogger(lines: LogLine[]): Logger {
  const at = (level: LogLine['level']) => (fields: object, message: string) => {
    lines.push({ level, message, fields });
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

export async function startDiscordWorld(
  options: {
    messageContent?: boolean;
    /** False: the fake refuses MessageContent with close 4014, as when the portal switch is off. */
    messageContentAllowed?: boolean;
    start?: Date;
    directory?: Directory;
    /** Discord ids of directory people who are Discord users but not in the server. */
    notInServer?: readonly string[];
    /** The database, opened again at each restart; the memory store by default. */
    openStore?: () => Promise<Store>;
    /** Waits on a 429 longer than this are left to the outbox (the adapter's default otherwise). */
    rateLimitWaitMaxMs?: number;
    /** False: the bot holds no gateway session and sends over REST only (DISCORD_GATEWAY=off). */
    gateway?: boolean;
  } = {},
): Promise<DiscordWorld> {
  // The example directory by default: its people have real-looking Discord ids.
  const directory = options.directory ?? (await loadDirectoryFile(EXAMPLE_DIRECTORY));
  const people = [
    ...directory.people.flatMap((p) =>
      p.handles.discord
        ? [
            {
              id: p.handles.discord,
              name: p.name,
              inGuild: !options.notInServer?.includes(p.handles.discord),
            },
          ]
        : [],
    ),
    { id: IDS.stranger, name: 'Stranger' },
  ];
  const fake = await FakeDiscord.start({
    people,
    ...(options.messageContentAllowed === undefined
      ? {}
      : { messageContentAllowed: options.messageContentAllowed }),
  });
  const logs: LogLine[] = [];
  const logger = capturingLogger(logs);
  // The memory store stands for one database: each process's handle closes (its
  // transactions then fail, as on a closed connection) and leaves the data be.
  const memory = options.openStore ? undefined : createMemoryStore();
  const openStore =
    options.openStore ??
    (async (): Promise<Store> => {
      let closed = false;
      return {
        transaction: (work) =>
          closed ? Promise.reject(new Error('The store is closed.')) : memory!.transaction(work),
        autocommit: (work) =>
          closed ? Promise.reject(new Error('The store is closed.')) : memory!.autocommit(work),
        close: async () => {
          closed = true;
        },
      };
    });
  const firstStore = await openStore();
  await firstStore.transaction((tx) => tx.upsertDirectory(directory));
  const clock = new ManualClock(options.start ?? new Date('2026-03-02T08:00:00Z'));
  const config = {
    token: FAKE_TOKEN,
    appId: FAKE_APP_ID,
    guildId: FAKE_GUILD_ID,
    incidentChannelId: FAKE_INCIDENT_CHANNEL,
    apiUrl: fake.apiUrl,
    messageContent: options.messageContent ?? true,
    ...(options.rateLimitWaitMaxMs === undefined ? {} : { rateLimitWaitMaxMs: options.rateLimitWaitMaxMs }),
    ...(options.gateway === undefined ? {} : { gateway: options.gateway }),
  };
  // The bot process: a fresh adapter and core over the same store, as after a restart.
  const boot = async (store: Store) => {
    const adapter = createDiscordAdapter(config, { logger, directory: () => directory });
    const deps: AppDeps = {
      store,
      notifier: adapter.notifier,
      // Named as in production (main.ts), so delivery.failed events say "on Discord".
      platforms: new Map([['discord', adapter.notifier]]),
      clock,
      timers: new MemoryTimers(),
      logger,
      directory: () => directory,
      settings: DEFAULT_SETTINGS,
      locks: new KeyedLock(),
    };
    const app = createHandoffApp(deps);
    adapter.attach(app);
    await adapter.start();
    return { adapter, app, store, deps };
  };
  let booted = await boot(firstStore);
  const world: DiscordWorld = {
    fake,
    adapter: booted.adapter,
    app: booted.app,
    store: booted.store,
    clock,
    directory,
    logs,
    logText: () => logs.map((l) => JSON.stringify({ ...l, fields: serialise(l.fields) })).join('\n'),
    async restart() {
      await world.adapter.stop();
      await world.store.close();
      booted = await boot(await openStore());
      Object.assign(world, { adapter: booted.adapter, app: booted.app, store: booted.store });
    },
    async deliverDue() {
      const due = await world.store.transaction((tx) =>
        tx.listOutbox({ status: 'pending', dueBy: clock.now() }),
      );
      for (const entry of due) await deliverEntry(booted.deps, entry.id);
    },
    async stop() {
      await world.adapter.stop();
      await fake.close();
      await world.store.close();
      await memory?.close();
    },
  };
  return world;
}

// Errors serialise to {} with JSON.stringify. pino's error serialiser keeps name, message
// and stack plus every own enumerable property (a DiscordAPIError's url and requestBody
// among them), so the same is kept here: a leak pino would write must show in tests.
function serialise(fields: object): object {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      v instanceof Error ? { ...v, name: v.name, message: v.message, stack: v.stack } : v,
    ]),
  );
}
