// A valid backup written by the real use-cases, for tests that corrupt it: incidents with
// steps, handoffs (accepted and pending), a resolve and reopen, deadlines and a processed key.

import type { Store } from '../../src/app/ports.ts';
import { exportAll, type BackupDocument } from '../../src/store/backup.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { testWorld } from '../support/world.ts';

export const STAMP = new Date('2026-03-05T12:00:00Z');

export async function fillStore(store: Store): Promise<void> {
  const h = await createHarness(store, testWorld());
  await h.as('maria', '/incident open wanderlust-web Site down');
  await h.as('dana', '/incident step add Check the server');
  await h.as('dana', '/incident handoff 1 @Sam Disk full; cleared /tmp');
  h.clock.advance(5 * 60_000);
  await h.app.handleCommand({
    actor: { platform: 'slack', userId: 'U0SAM' },
    text: 'accept H1',
    idempotencyKey: 'slack:Ev1',
  });
  await h.as('otto', '/incident open acme-shop Checkout fails');
  await h.as('priya', '/incident INC-2 step add Look at payments @Sam');
  await h.as('dana', '/incident INC-1 update Back soon');
  await h.as('dana', '/incident INC-1 resolve Fixed');
  await h.as('maria', '/incident INC-1 reopen Down again');
}

/** A valid backup document, as the export writes it. */
export async function validBackup(): Promise<BackupDocument> {
  const store = createMemoryStore();
  await fillStore(store);
  return exportAll(store, STAMP);
}

/** The document as it is in a file: Dates as ISO strings. */
export async function validBackupJson(): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(await validBackup())) as Record<string, unknown>;
}
