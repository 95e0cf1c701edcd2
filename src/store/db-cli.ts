// `handoff db migrate` and `handoff db diff <name>`: the database chores of src/cli.ts.
// Problems are thrown as HandoffError, which the CLI prints as one line.

import { join } from 'node:path';
import { ValidationError } from '../domain/errors.ts';
import { openDatabase, type DatabaseConfig } from './database.ts';
import { applyMigrations, createMigration, type MigrationPaths } from './migrate.ts';

const USAGE = 'Usage: handoff db migrate | handoff db diff <name>';

export async function runDbCommand(
  args: string[],
  config: { database: DatabaseConfig },
  packageRoot: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const paths: MigrationPaths = {
    schemaFile: join(packageRoot, 'prisma', 'schema.prisma'),
    migrationsDir: join(packageRoot, 'prisma', 'migrations'),
  };
  const [command, ...rest] = args;
  if (command === 'migrate' && rest.length === 0) {
    const db = await openDatabase(config.database, { migrate: false });
    try {
      const applied = await applyMigrations(db.adapterFactory, paths);
      write(applied.length > 0 ? `Applied ${applied.join(', ')}.` : 'The database is up to date.');
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'diff' && rest.length === 1) {
    // Writing a migration needs only an empty shadow database: an in-memory PGlite, so it
    // works without a server and never touches the configured database.
    const scratch = await openDatabase({ kind: 'pglite-memory' }, { migrate: false });
    try {
      const name = await createMigration(scratch.adapterFactory, rest[0]!, paths);
      write(`Wrote prisma/migrations/${name}/migration.sql. Review it, then run: handoff db migrate`);
    } finally {
      await scratch.close();
    }
    return 0;
  }
  throw new ValidationError(`Unknown database command "${args.join(' ')}". ${USAGE}`);
}
