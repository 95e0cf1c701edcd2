// Migrations without the Prisma CLI: the wasm schema engine driven through a driver
// adapter factory, reading and writing prisma/migrations exactly as `prisma migrate` does.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { HandoffError, ValidationError } from '../domain/errors.ts';
import { packageRootOf } from '../package-root.ts';
import { createSchemaEngine, type SchemaEngine } from './schema-engine.ts';

/** Where the schema and the migrations live; defaults are resolved from this file, not cwd. */
export interface MigrationPaths {
  schemaFile: string;
  migrationsDir: string;
}

const repoRoot = packageRootOf(import.meta.url);
export const defaultMigrationPaths: MigrationPaths = {
  schemaFile: join(repoRoot, 'prisma', 'schema.prisma'),
  migrationsDir: join(repoRoot, 'prisma', 'migrations'),
};

const LOCKFILE = 'migration_lock.toml';
const noFilters = { externalTables: [], externalEnums: [] };

/** Applies the migrations the database has not seen yet, in order; returns their names. */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths,
): Promise<string[]> {
  const migrationsList = await listMigrations(paths.migrationsDir);
  return withEngine(factory, paths, 'apply the migrations', async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/** One row of `_prisma_migrations`, as the schema engine records it. */
export interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * True when the database has applied exactly the folder's migrations, each with the same
 * checksum (SHA-256 of its SQL, as Prisma records it), and none is left failed. Then the
 * WebAssembly schema engine (about a second to load) is not needed at start. Anything else,
 * including a database without the table, is left to the engine and its messages.
 */
export async function migrationsUpToDate(
  readApplied: () => Promise<AppliedMigration[]>,
  paths: MigrationPaths = defaultMigrationPaths,
): Promise<boolean> {
  let applied: AppliedMigration[];
  try {
    applied = await readApplied();
  } catch {
    return false; // no _prisma_migrations yet: a new database
  }
  const live = applied.filter((m) => m.rolled_back_at === null);
  if (live.some((m) => m.finished_at === null)) return false;
  const { migrationDirectories } = await listMigrations(paths.migrationsDir);
  if (live.length !== migrationDirectories.length) return false;
  const checksums = new Map(live.map((m) => [m.migration_name, m.checksum]));
  return migrationDirectories.every(
    ({ path, migrationFile: { content } }) =>
      content.tag === 'ok' &&
      checksums.get(path) === createHash('sha256').update(content.value).digest('hex'),
  );
}

/**
 * The SQL that would bring a database built from the migrations to schema.prisma.
 * `clean` means the migrations already describe the schema. Needs a shadow database.
 */
export async function diffSchemaFromMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths,
): Promise<{ clean: boolean; sql: string }> {
  const migrationsList = await listMigrations(paths.migrationsDir);
  const schema = await readSchema(paths);
  // The engine takes the connector from the lockfile; a folder without one has no
  // migrations yet, and is still compared on a (then empty) shadow database.
  migrationsList.lockfile.content ??= lockfileContent('postgresql');
  return withEngine(factory, paths, 'compare the migrations with the schema', async (engine) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // With exitCode set the engine answers 2 when there is a difference, 0 when there is none.
    const clean = result.exitCode === 0;
    return { clean, sql: clean ? '' : (result.stdout ?? '') };
  });
}

/**
 * Writes `<yyyyMMddHHmmss>_<name>/migration.sql` holding what schema.prisma adds to the
 * migrations, and the lockfile. Returns the new directory's name. Throws when nothing changed.
 */
export async function createMigration(
  factory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  paths: MigrationPaths = defaultMigrationPaths,
  now: Date = new Date(),
): Promise<string> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new ValidationError(
      `"${name}" is not a usable migration name: use letters, digits and underscores.`,
    );
  }
  // The engine's own createMigration refuses PostgreSQL in wasm ("shadow DB must be provided
  // through an external factory"), so the migration is the diff, as `migrate diff` prints it.
  const { clean, sql } = await diffSchemaFromMigrations(factory, paths);
  if (clean) {
    throw new ValidationError('No schema changes: the migrations already match prisma/schema.prisma.');
  }
  const dirName = `${migrationTimestamp(now)}_${name}`;
  const dir = join(paths.migrationsDir, dirName);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql, { encoding: 'utf-8', flag: 'wx' });
  await writeFile(join(paths.migrationsDir, LOCKFILE), lockfileContent('postgresql'), 'utf-8');
  return dirName;
}

/** Prisma's directory prefix: the UTC time as yyyyMMddHHmmss. */
export function migrationTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The migrations folder as the engine wants it, sorted by name like the Prisma CLI does. */
export async function listMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await readFile(join(migrationsDir, LOCKFILE), 'utf-8').catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => {
        const file = join(migrationsDir, entry.name, 'migration.sql');
        const content = await readFile(file, 'utf-8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        );
        return { path: entry.name, migrationFile: { path: 'migration.sql', content } };
      }),
  );
  directories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: directories,
  };
}

/** Prisma's own lockfile format, so `prisma migrate` accepts the folder as its own. */
function lockfileContent(provider: string): string {
  return (
    '# Please do not edit this file manually\n' +
    '# It should be added in your version-control system (e.g., Git)\n' +
    `provider = "${provider}"\n`
  );
}

async function readSchema(paths: MigrationPaths): Promise<{ path: string; content: string }> {
  return { path: paths.schemaFile, content: await readFile(paths.schemaFile, 'utf-8') };
}

async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths,
  what: string,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const tracked = trackConnections(factory);
  const engine = await createSchemaEngine(tracked.factory, await readSchema(paths));
  try {
    return await fn(engine);
  } catch (error) {
    throw new HandoffError(`Could not ${what}: ${engineMessage(error)}`, 'internal', { cause: error });
  } finally {
    engine.free();
    await tracked.disposeAll();
  }
}

/**
 * The engine opens connections through the factory but never disposes the main one (a
 * pg Pool per call with adapter-pg), so every connection it opened is closed afterwards.
 */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    open.add(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return;
      await dispose();
    };
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    } satisfies SqlMigrationAwareDriverAdapterFactory,
    disposeAll: async () => {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
  };
}

/** The engine rejects with plain objects or Errors whose message is JSON; keep the readable part. */
function engineMessage(error: unknown): string {
  const raw =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  try {
    const parsed = JSON.parse(raw) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the message is already text
  }
  // Drop the engine's Rust backtrace ("   0: schema_engine_wasm::…").
  return raw.split(/\n\s*0: /)[0]!.trim();
}
