// Issue 13 (handoff pairs per second): a command whose writes fit in one statement runs
// without a transaction around it: its read alone, then that one statement, which is written
// whole or not at all (sql.ts deferredTransaction, write-batch.ts); and on an incident this
// process knows it is decided on that copy, unread, the statement checking the copy is
// current (known-copies.ts). What a transaction gave it must still hold: a change by someone
// else before the write is refused and the command decided again on a fresh read, a refusal
// too; a retried delivery is ignored, even one its first delivery made impossible; and a
// command that needs more than one statement still gets a transaction. On PostgreSQL and on
// the PGlite folder (one session for every connection: pglite-batches.mjs).

import { expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { createPrismaStore } from '../../src/store/prisma-store.ts';
import { createHarness } from '../support/app-harness.ts';
import { watchedStore } from '../support/watched-store.ts';
import { onPoolDatabases } from '../support/prisma-db.ts';
import { testWorld } from '../support/world.ts';

await onPoolDatabases('commands in one statement', commandsInOneStatement);

function commandsInOneStatement(db: () => Database) {
  /** INC-1 with one step, opened through the watched store: it knows the incident. */
  async function incidentWithStep() {
    const watched = watchedStore(db());
    const h = await createHarness(watched.store, testWorld());
    await h.as('maria', '/incident open wanderlust-web Site down');
    await h.as('dana', '/incident step add Check the disk', 1);
    return { ...watched, h };
  }

  /** Another process on the same database, which knows nothing of what the first one read. */
  const otherProcess = () =>
    createHarness(createPrismaStore({ ...db(), close: async () => {} }), testWorld());

  /** The statements of a command, its delivery aside, by their opening words. */
  const commandStatements = (sent: Array<{ text: string }>) =>
    sent.filter((s) => !s.text.startsWith('UPDATE "OutboxEntry"')).map((s) => s.text.slice(0, 40));
  const READ = expect.stringContaining('SELECT i.xmin');
  const WRITE = expect.stringMatching(/^WITH s0 AS \((UPDATE "Incident"|UPDATE "Deadline")/);

  it('a handoff and its acceptance on an incident this process knows: one write each, no read, no transaction', async () => {
    const { h, sent } = await incidentWithStep();
    for (const [person, text] of [
      ['dana', '/incident handoff 1 @Sam Disk full; cleared /tmp'],
      ['sam', '/incident accept H1'],
    ] as const) {
      sent.length = 0;
      const reply = await h.as(person, text, 1);
      expect(reply.error, reply.text).toBeUndefined();
      // Decided on the incident as this process wrote it last; the write checks it is still so.
      expect(commandStatements(sent)).toEqual([WRITE]);
      expect(sent.some((s) => s.inTransaction)).toBe(false);
    }
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps[0]?.ownerId).toBe('sam');
    // The acceptance disarmed the handoff's reminder and escalation in that same statement.
    const deadlines = await h.deps.store.autocommit((tx) => tx.listDeadlines({}));
    const disarmed = deadlines.filter((d) => d.handoffNumber === 1);
    expect(disarmed.length).toBeGreaterThan(0);
    expect(disarmed.every((d) => d.status === 'cancelled')).toBe(true);
  });

  it('an incident this process does not know: one read and one write, then one write', async () => {
    await incidentWithStep();
    const { store, sent } = watchedStore(db()); // a second process: nothing known
    const h = await createHarness(store, testWorld());
    sent.length = 0;
    expect((await h.as('dana', '/incident handoff 1 @Sam Disk full', 1)).error).toBeUndefined();
    expect(commandStatements(sent)).toEqual([READ, WRITE]);
    sent.length = 0;
    expect((await h.as('sam', '/incident accept H1', 1)).error).toBeUndefined();
    expect(commandStatements(sent)).toEqual([WRITE]);
  });

  it('a change by another process between the read and the write: refused whole, and decided again', async () => {
    await incidentWithStep();
    const { store, hooks, sent } = watchedStore(db()); // reads first: it does not know INC-1
    const h = await createHarness(store, testWorld());
    const other = await otherProcess();
    hooks.afterRead = async () => {
      const reply = await other.as('dana', '/incident step add Check the DNS', 1);
      expect(reply.error, reply.text).toBeUndefined();
    };
    sent.length = 0;
    const reply = await h.as('dana', '/incident step add Check the certificate', 1);
    expect(reply.error, reply.text).toBeUndefined();
    expect(hooks.afterRead).toBeUndefined(); // the other process did write in between
    // Its write was refused (nothing of it written), then it read again and wrote again.
    expect(commandStatements(sent)).toEqual([READ, WRITE, READ, WRITE]);
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps.map((s) => s.title)).toEqual([
      'Check the disk',
      'Check the DNS',
      'Check the certificate',
    ]);
    const timeline = await h.deps.store.autocommit((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1)); // no gap, no repeat
  });

  it('a copy another process made stale: the write on it refused whole, decided again on a read, then read first', async () => {
    const { h, sent } = await incidentWithStep();
    const other = await otherProcess();
    expect((await other.as('dana', '/incident step add Check the DNS', 1)).error).toBeUndefined();
    sent.length = 0;
    const reply = await h.as('dana', '/incident step add Check the certificate', 1);
    expect(reply.error, reply.text).toBeUndefined();
    // On its copy (one step): the write matched no row, so none of it was written. Then a
    // read (the check that found the change, then the command's own) and the write.
    expect(commandStatements(sent)).toEqual([WRITE, READ, READ, WRITE]);
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.steps.map((s) => `${s.number} ${s.title}`)).toEqual([
      '1 Check the disk',
      '2 Check the DNS',
      '3 Check the certificate',
    ]);
    const timeline = await h.deps.store.autocommit((tx) => tx.timeline(1));
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1)); // no gap, no repeat
    // Another process writes this incident: it is read first from now on.
    sent.length = 0;
    expect((await h.as('dana', '/incident step add Check PHP', 1)).error).toBeUndefined();
    expect(commandStatements(sent)).toEqual([READ, WRITE]);
  });

  it('a refusal decided on a stale copy is looked at again on a fresh read', async () => {
    const { h } = await incidentWithStep();
    const other = await otherProcess();
    // Elsewhere, step 1 went from Dana to Sam; this process still has Dana owning it.
    expect((await other.as('dana', '/incident handoff 1 @Sam Disk full', 1)).error).toBeUndefined();
    expect((await other.as('sam', '/incident accept H1', 1)).error).toBeUndefined();
    // On the copy Sam owns nothing and would be refused; on the incident as it is, he may.
    const reply = await h.as('sam', '/incident handoff 1 @Dana Back to you: disk cleared', 1);
    expect(reply.error, reply.text).toBeUndefined();
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.handoffs.map((x) => `${x.number} ${x.fromId}→${x.toId}`)).toEqual([
      '1 dana→sam',
      '2 sam→dana',
    ]);
  });

  it('a transaction that only read a stale copy is run again on a fresh read', async () => {
    const { store } = await incidentWithStep();
    const other = await otherProcess();
    expect((await other.as('dana', '/incident step add Check the DNS', 1)).error).toBeUndefined();
    let runs = 0;
    const steps = await store.transaction(
      async (tx) => {
        runs++;
        return (await tx.loadIncident(1))?.steps.length;
      },
      { fromKnownCopies: true },
    );
    expect({ steps, runs }).toEqual({ steps: 2, runs: 2 });
  });

  it('an incident restored elsewhere under the same version is not decided on the old copy', async () => {
    const { h } = await incidentWithStep();
    // Another process rewrites the incident's row as it is (a restore does, in its transaction):
    // same version, another row version.
    await db().sql!.execute(`UPDATE "Incident" SET "title" = 'Site down (restored)' WHERE "number" = 1`);
    const reply = await h.as('dana', '/incident step add Check the certificate', 1);
    expect(reply.error, reply.text).toBeUndefined();
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.title).toBe('Site down (restored)'); // decided on the restored row, not the copy
    expect(incident?.steps).toHaveLength(2);
  });

  it('a retried delivery is ignored, even one its first delivery made a refusal', async () => {
    const { h } = await incidentWithStep();
    await h.as('dana', '/incident handoff 1 @Sam Disk full', 1);
    const accept = {
      actor: { platform: 'console' as const, userId: 'sam' },
      text: '/incident accept H1',
      roomIncident: 1,
      idempotencyKey: 'slack:retry-1',
    };
    const first = await h.app.handleCommand(accept);
    expect(first?.error, first?.text).toBeUndefined();
    // Delivered again: H1 is accepted now, which would be refused; it is a duplicate instead.
    expect(await h.app.handleCommand(accept)).toBeNull();
    const handoff = {
      actor: { platform: 'console' as const, userId: 'sam' },
      text: '/incident handoff 1 @Dana Back to you',
      roomIncident: 1,
      idempotencyKey: 'slack:retry-2',
    };
    expect((await h.app.handleCommand(handoff))?.error).toBeUndefined();
    // Delivered again: refused by a rule or decided again, its key has the last word.
    expect(await h.app.handleCommand(handoff)).toBeNull();
    const incident = await h.deps.store.autocommit((tx) => tx.loadIncident(1));
    expect(incident?.handoffs.map((x) => x.number)).toEqual([1, 2]);
  });

  it('a command that reads after its first writes gets a transaction', async () => {
    const { h, store, sent } = await incidentWithStep();
    sent.length = 0;
    // A read after a write in one unit of work: the writes go first, in a transaction begun for them.
    await store.transaction(async (tx) => {
      await tx.claimKeyOnCommit('unit:1', new Date());
      await tx.listProcessedKeys();
      await tx.claimKeyOnCommit('unit:2', new Date());
    });
    expect(sent.map((s) => s.inTransaction)).toEqual([true, true, true]);
    const keys = await h.deps.store.autocommit((tx) => tx.listProcessedKeys());
    expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining(['unit:1', 'unit:2']));
  });
}
