// Issue 12, seen 4: an import checks references, duplicates and each incident against its own
// timeline before anything is written, and says what is wrong in the file's own terms, one
// line per problem. These run on the pure reader; backup-refusal.test.ts runs the database.

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { importAll, parseBackup, type BackupDocument } from '../../src/store/backup.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { validBackup, validBackupJson } from './backup-fixture.ts';

/** The refusal's message, or a failure if the document was accepted. */
function refusal(doc: unknown, source = 'backup.json'): string {
  try {
    parseBackup(doc, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('the document was accepted');
}

const clone = async (): Promise<BackupDocument> => structuredClone(await validBackup());

describe('import checks', () => {
  it('accepts what the export wrote, as a value and as parsed JSON', async () => {
    expect(() => parseBackup(structuredClone(validBackup), 'backup.json')).toThrow(); // a function is no backup
    expect(parseBackup(await validBackupJson(), 'backup.json').incidents).toHaveLength(2);
    expect(parseBackup(await clone(), 'backup.json').timeline).toHaveLength(17);
  });

  it('refuses a participant whose person is not in the directory', async () => {
    const doc = await clone();
    doc.incidents[0]!.participants.push({
      personId: 'ghost',
      role: 'observer',
      joinedAt: doc.incidents[0]!.openedAt,
    });
    expect(refusal(doc)).toContain(
      'backup.json: incidents[0] (INC-1): participants[4] (ghost): person "ghost" is not in the directory',
    );
  });

  it('refuses a duplicated person id instead of merging the two', async () => {
    const doc = await clone();
    const people = doc.directory.people;
    people.push({ ...people[0]!, name: 'Another Dana', handles: {} });
    expect(refusal(doc)).toContain(
      `backup.json: directory.people[6] (dana): id "dana" is already used by directory.people[0]`,
    );
  });

  it('refuses an incident whose stored fields contradict its own timeline', async () => {
    const doc = await clone();
    const inc = doc.incidents[0]!;
    inc.status = 'resolved';
    inc.resolvedAt = new Date('2026-03-01T09:00:00Z');
    inc.steps[0]!.ownerId = 'priya';
    const message = refusal(doc);
    expect(message).toContain(
      'backup.json: incidents[0] (INC-1): status: "resolved", but its timeline (events 1 to 11) gives "open"',
    );
    expect(message).toContain(
      'backup.json: incidents[0] (INC-1): steps[0] (step 1): ownerId: "priya", but its timeline (events 1 to 11) gives "sam"',
    );
  });

  it('lists every problem, one line each naming the file, and caps the list', async () => {
    const doc = await clone();
    for (let i = 0; i < 30; i++) doc.processedKeys.push({ key: 'slack:Ev1', processedAt: doc.exportedAt });
    const lines = refusal(doc).split('\n');
    expect(lines[0]).toBe('backup.json was not imported, and nothing was written: 30 problems.');
    expect(lines.slice(1, 21).every((l) => l.startsWith('backup.json: processedKeys['))).toBe(true);
    expect(lines[1]).toBe(
      'backup.json: processedKeys[1]: key "slack:Ev1" is already used by processedKeys[0]',
    );
    expect(lines[21]).toBe('backup.json: …and 10 more.');
    expect(lines).toHaveLength(22);
  });

  it('does not word a file problem as if someone raced', async () => {
    const doc = await clone();
    doc.incidents.push(structuredClone(doc.incidents[0]!));
    const store = createMemoryStore();
    const error = (await importAll(store, doc, { replace: true }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).not.toMatch(/someone else|try again|while you were typing/);
    expect(error.message).toContain(
      'the backup: incidents[2] (INC-1): number INC-1 is already used by incidents[0]',
    );
  });
});
