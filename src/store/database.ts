// Picks the database: PGlite embedded in a folder (the default), PGlite in memory (tests),
// or PostgreSQL by URL. Opening applies the pending migrations unless told not to.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { HandoffError } from '../domain/errors.ts';
import {
  createPGliteAdapterFactory,
  createPostgresAdapterFactory,
  type PostgresConnection,
} from './adapters.ts';
import type { PrismaClient } from './generated/client.ts';
import { applyMigrations, migrationsUpToDate, type AppliedMigration } from './migrate.ts';
import { applyMigrationsApart } from './migrate-apart.ts';
import { takePrewarmedPGlite } from './pglite-prewarm.ts';
import { startPGliteOnMainThread, startPGliteThread, type PGliteThread } from './pglite-thread.ts';
import { poolSql, type PoolSql } from './sql.ts';

export type DatabaseConfig =
  { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' } | { kind: 'postgres'; url: string };

export interface OpenOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /**
   * Apply them in a process of its own (migrate-apart.ts: a long-running bot does not keep
   * the schema engine's memory); not for PGlite in memory, which no other process reaches.
   */
  migrateApart?: boolean;
  /**
   * Load Prisma's client (default true). A running bot reaches PostgreSQL and the PGlite
   * folder through the pg pool only (sql.ts) and leaves it unloaded, about 5 MB of resident
   * memory (issue 13); its `prisma` then throws. PGlite in memory has no pool: always loaded.
   */
  prisma?: boolean;
  /**
   * Serve a PGlite folder from the main thread rather than a thread of its own: only behind
   * Slack's ack thread (pglite-thread.ts `startPGliteOnMainThread`). A thread the command
   * line started early (pglite-prewarm.ts) is taken as it is.
   */
  pgliteOnMainThread?: boolean;
}

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  /** Made on first use. */
  readonly prisma: PrismaClient;
  /** For the schema engine: migrations, diffs. */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Our statements straight on the pg pool, alone or in a transaction of their own (sql.ts):
   * PostgreSQL and the PGlite folder. Absent for PGlite in memory, reached through Prisma only.
   */
  readonly sql?: PoolSql;
  /** Names of the migrations applied while opening (empty when none were pending). */
  readonly appliedMigrations: string[];
  close(): Promise<void>;
}

export async function openDatabase(config: DatabaseConfig, opts: OpenOptions = {}): Promise<Database> {
  const opened =
    config.kind === 'postgres'
      ? await openPostgres(config.url)
      : await openPGlite(config, opts.pgliteOnMainThread === true);
  let client: PrismaClient | undefined;
  const close = async () => {
    await client?.$disconnect();
    await opened.close();
  };
  let Client: typeof PrismaClient | undefined;
  try {
    if (opts.prisma !== false || !opened.sql)
      ({ PrismaClient: Client } = await import('./generated/client.ts'));
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  const prisma = (): PrismaClient => {
    if (!Client)
      throw new Error("Prisma's client is not loaded: the database was opened with { prisma: false }.");
    return (client ??= new Client({ adapter: opened.adapterFactory }));
  };
  let appliedMigrations: string[] = [];
  if (opts.migrate ?? true) {
    try {
      // On the pool when there is one: a Prisma query would load its query compiler, which
      // nothing else on that road needs (about 3 MB of resident memory for the bot's life).
      const applied = 'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations';
      const upToDate = await migrationsUpToDate(() =>
        opened.sql
          ? opened.sql.query<AppliedMigration>(applied)
          : prisma().$queryRawUnsafe<AppliedMigration[]>(applied),
      );
      if (!upToDate) {
        appliedMigrations =
          opts.migrateApart && opened.url !== undefined
            ? await applyMigrationsApart(opened.url)
            : await applyMigrations(opened.adapterFactory);
      }
    } catch (error) {
      await close().catch(() => {});
      throw error;
    }
  }
  return {
    kind: config.kind,
    get prisma() {
      return prisma();
    },
    adapterFactory: opened.adapterFactory,
    ...(opened.sql ? { sql: opened.sql } : {}),
    appliedMigrations,
    close,
  };
}

/**
 * `url`: where another process reaches the same database, when one can. `close` ends what
 * the opening started (pool, thread), Prisma's client aside.
 */
type Opened = Pick<Database, 'adapterFactory' | 'sql' | 'close'> & { url?: string };

async function openPGlite(
  config: { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' },
  onMainThread: boolean,
): Promise<Opened> {
  if (config.kind === 'pglite') return openPGliteFolder(config.dataDir, onMainThread);
  let pglite: PGlite;
  try {
    // Loaded only here (tests, `db diff`): a bot on PostgreSQL never needs PGlite.
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = new PGlite();
    await pglite.waitReady;
  } catch (error) {
    throw new HandoffError(`Could not open an embedded database in memory: ${reason(error)}.`, 'internal', {
      cause: error,
    });
  }
  const adapterFactory = await createPGliteAdapterFactory(pglite);
  return { adapterFactory, close: () => pglite.close() };
}

/**
 * The embedded database of a folder runs in its own thread and is reached like a server
 * (pglite-thread.ts), so its queries never block the event loop that answers the chat; or,
 * behind Slack's ack thread, is served the same way from the main thread.
 */
async function openPGliteFolder(dataDir: string, onMainThread: boolean): Promise<Opened> {
  let thread: PGliteThread;
  try {
    const onCrash = (error: Error) => {
      // Nothing can be saved any more: fail loudly rather than answer without a database.
      setImmediate(() => {
        throw new HandoffError(
          `The embedded database in ${resolve(dataDir)} stopped: ${reason(error)}.`,
          'internal',
          {
            cause: error,
          },
        );
      });
    };
    // Started early by the command line (pglite-prewarm.ts) when it could; else now.
    thread = await (takePrewarmedPGlite(dataDir, onCrash) ??
      mkdir(dataDir, { recursive: true }).then(() =>
        onMainThread ? startPGliteOnMainThread(dataDir) : startPGliteThread(dataDir, onCrash),
      ));
  } catch (error) {
    throw new HandoffError(
      `Could not open the embedded database in ${resolve(dataDir)}: ${reason(error)}. ` +
        'Check that the folder is writable and that no other Handoff process is using it, ' +
        'or set DATABASE_URL to use PostgreSQL instead.',
      'internal',
      { cause: error },
    );
  }
  const { adapterFactory, pool } = createPostgresAdapterFactory(thread.url, { max: 4 });
  return {
    adapterFactory,
    url: thread.url,
    sql: poolSql(pool, { sharedSession: true }),
    close: async () => {
      await pool.end();
      await thread.close();
    },
  };
}

async function openPostgres(url: string): Promise<Opened> {
  const shown = redact(url);
  let connection: PostgresConnection;
  try {
    connection = createPostgresAdapterFactory(url);
  } catch (error) {
    throw new HandoffError(
      `DATABASE_URL is not a valid PostgreSQL URL (${shown}): ${reason(error)}. ` +
        'Expected postgresql://user:password@host:5432/database.',
      'validation',
      { cause: error },
    );
  }
  const { adapterFactory, pool } = connection;
  const close = () => pool.end();
  try {
    await pool.query('SELECT 1'); // not through Prisma: see the migrations' check above
  } catch (error) {
    await close().catch(() => {});
    throw new HandoffError(
      `Could not connect to PostgreSQL at ${shown}: ${unreachable(url, error) ?? reason(error)}. ` +
        'Check DATABASE_URL (host, port, user, password, database name) and that the server is running ' +
        'and accepts connections; leave DATABASE_URL unset to use the embedded database.',
      'internal',
      { cause: error },
    );
  }
  return { adapterFactory, url, sql: poolSql(pool), close };
}

/** The network's refusals (pg says `connect ECONNREFUSED …`), in words, or undefined. */
function unreachable(url: string, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const codes = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN'];
  const timedOut = error instanceof Error && /timeout.*connect/i.test(error.message);
  if (!(typeof code === 'string' && codes.includes(code)) && !timedOut) return undefined;
  const { hostname, port } = new URL(url);
  return `Can't reach database server at ${hostname}:${port || 5432} (${timedOut ? 'timed out' : String(code)})`;
}

/** The URL without its password, fit for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  if (error instanceof Error) {
    // Prisma wraps the driver's words: "Raw query failed. Code: `N/A`. Message: `Can't reach …`".
    const inner = /Message: `([^`]+)`/.exec(error.message)?.[1];
    return inner ?? (error.message.trim().split('\n').at(-1) || error.name);
  }
  return String(error);
}
