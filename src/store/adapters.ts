// Driver adapter factories for Prisma Client and the schema engine, with the fixes the
// published adapters need before migrations can trust them (each checked on this stack):
//  - pglite-prisma-adapter 0.7.2 `executeScript` does not await `exec`, so a migration whose
//    SQL fails is still recorded as applied (the error surfaces as an unhandled rejection);
//    its shadow database is a new PGlite that is never closed.
//  - @prisma/adapter-pg 7.10 `connectToShadowDb` spreads `{ connectionString, database }`
//    into a pg Pool, where the connection string wins: the "shadow" is the main database.
//    It also drops the shadow database while its own pool still holds connections to it.
//  - @prisma/adapter-pg 7.10 rejects columns of PostgreSQL's internal `"char"` type (oid 18),
//    which the schema engine reads from pg_catalog when it describes a database, so every
//    diff failed with "Column type 'char' could not be deserialized from the database".

import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

/**
 * An adapter factory over one PGlite instance; the shadow database is a PGlite in memory.
 * PGlite is loaded here, on use: importing it costs the main thread about 40 MB, and a
 * process on PostgreSQL never needs it (a data folder is served by pglite-serve.mjs).
 */
export async function createPGliteAdapterFactory(
  pglite: PGlite,
): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  const base = new PrismaPGlite(pglite);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => withAwaitedScripts(await base.connect(), pglite),
    connectToShadowDb: async () => {
      const shadow = new PGlite();
      const adapter = withAwaitedScripts(await new PrismaPGlite(shadow).connect(), shadow);
      adapter.dispose = () => shadow.close();
      return adapter;
    },
  };
}

function withAwaitedScripts(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await pglite.exec(script);
    } catch (error) {
      throw new DriverAdapterError(toPostgresError(error));
    }
  };
  return adapter;
}

function toPostgresError(error: unknown): ConstructorParameters<typeof DriverAdapterError>[0] {
  const e = (error ?? {}) as Partial<
    Record<'code' | 'severity' | 'message' | 'detail' | 'column' | 'hint', string>
  >;
  return {
    kind: 'postgres',
    code: e.code ?? 'N/A',
    severity: e.severity ?? 'ERROR',
    message: e.message ?? String(error),
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  };
}

export interface PostgresFactoryOptions {
  /** How long to wait for a connection before giving up (pg waits forever by default). */
  connectionTimeoutMillis?: number;
  /** Connections in the pool (pg's default is 10). */
  max?: number;
}

export interface PostgresConnection {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The pool Prisma's adapter draws from, for statements that run alone (sql.ts); ends with `end()`. */
  pool: pg.Pool;
}

/**
 * An adapter factory for a PostgreSQL URL over a pool of our own, which our raw statements
 * share (sql.ts); the shadow database is a temporary database on the same server (the role
 * needs CREATEDB). Throws at once on a URL that does not parse.
 */
export function createPostgresAdapterFactory(
  url: string,
  { connectionTimeoutMillis = 5_000, max }: PostgresFactoryOptions = {},
): PostgresConnection {
  withDatabase(url, 'postgres'); // validates the URL now rather than at the first query
  const config = { connectionTimeoutMillis, ...(max !== undefined ? { max } : {}) };
  const pool = new pg.Pool({ connectionString: url, ...config });
  // An idle connection the server closed (a restart): pg drops it and the next query opens
  // another, whose failure reaches its caller. Without a listener the event would end the process.
  pool.on('error', () => {});
  const base = new PrismaPg(pool);
  const adapterFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => withCharAsText(await base.connect()),
    connectToShadowDb: async () => {
      const admin = await base.connect();
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      try {
        await admin.executeScript(`CREATE DATABASE "${name}"`);
      } catch (error) {
        await admin.dispose();
        throw error;
      }
      const shadowFactory = new PrismaPg({ connectionString: withDatabase(url, name), ...config });
      const shadow = withCharAsText(await shadowFactory.connect());
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await disposeShadow(); // ends the shadow pool first, so the drop is not refused
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.dispose();
        }
      };
      return shadow;
    },
  };
  return { adapterFactory, pool };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgResult {
  fields: { dataTypeID: number }[];
}

/**
 * Reports `"char"` columns as text, which is what their values already are (pg has no parser
 * for oid 18). Patches adapter-pg's internal `performIO`, the one place results pass through.
 */
function withCharAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const target = adapter as unknown as { performIO?: (query: unknown) => Promise<PgResult> };
  const performIO = target.performIO?.bind(adapter);
  if (!performIO) return adapter; // a future adapter-pg without it: nothing to patch
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return adapter;
}

/** The same connection URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
