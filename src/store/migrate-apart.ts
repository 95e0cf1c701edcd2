// Applying pending migrations in a process of its own (issue 13: memory). Prisma's schema
// engine is a large WebAssembly module, and a module once instantiated stays: its glue is
// an ES module (never unloaded) that keeps the instance, its memory and caches of it. A bot
// that migrated at start (its first start, or the first after an upgrade) carried the
// engine to the end: about 24 MB of its idle memory here, after a full collection. So a
// long-running bot has another process apply them (src/bin/migrate-process.mjs), over the
// same URL its own connections use, and reads back the names it applied.

import path from 'node:path';
import { HandoffError } from '../domain/errors.ts';
import { packageRootOf } from '../package-root.ts';
import { applyMigrations } from './migrate.ts';
import { createPostgresAdapterFactory } from './adapters.ts';
import { runNodeScript } from './node-process.ts';

/** From the package's root: this module also runs compiled, from .build/src/store. */
const ENTRY = path.join(packageRootOf(import.meta.url), 'src', 'bin', 'migrate-process.mjs');

/** What the process prints on its last line of output. */
type Outcome = { applied: string[] } | { error: string };

/** Applies the pending migrations of the database at `url` in another process; their names. */
export async function applyMigrationsApart(url: string): Promise<string[]> {
  // The URL goes on its standard input, not its command line, which `ps` shows to anyone.
  const { code, stdout, stderr } = await runNodeScript(ENTRY, [], url);
  const outcome = lastLine(stdout);
  if (code === 0 && outcome && 'applied' in outcome) return outcome.applied;
  // Its error says what could not be done, as applyMigrations's own would here.
  if (outcome && 'error' in outcome) throw new HandoffError(outcome.error, 'internal');
  throw new HandoffError(
    `Could not apply the migrations: ${stderr.trim() || `exit code ${code}`}`,
    'internal',
  );
}

function lastLine(out: string): Outcome | undefined {
  try {
    return JSON.parse(out.trim().split('\n').at(-1) ?? '') as Outcome;
  } catch {
    return undefined;
  }
}

/** The process's side: applies them over its own connections, then prints the outcome. */
export async function migrateProcessMain(input: NodeJS.ReadableStream): Promise<number> {
  let url = '';
  for await (const chunk of input) url += String(chunk);
  url = url.trim();
  if (!url) {
    process.stdout.write(`${JSON.stringify({ error: 'no database URL on standard input' })}\n`);
    return 1;
  }
  const { adapterFactory, pool } = createPostgresAdapterFactory(url, { max: 2 });
  try {
    const applied = await applyMigrations(adapterFactory);
    process.stdout.write(`${JSON.stringify({ applied })}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    return 1;
  } finally {
    await pool.end().catch(() => {});
  }
}
