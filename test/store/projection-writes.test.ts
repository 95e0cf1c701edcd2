// Issue 13: a save's projection rows go through the write batch on every path: rows a
// command changed, rows an incident lost, and every row of an incident the transaction did
// not read (deleted, then written again).

import { describe, expect, it } from 'vitest';
import type * as Db from '../../src/store/generated/client.ts';
import type { ProjectionRows } from '../../src/store/projection-diff.ts';
import { projectionWrites } from '../../src/store/projection-writes.ts';
import { MAX_PARAMETERS } from '../../src/store/raw-writes.ts';

const at = new Date('2026-12-02T07:00:00.000Z');
const step = (number: number, title = `Step ${number}`): Db.Step => ({
  incidentNumber: 7,
  number,
  title,
  ownerId: 'dana',
  ownerSince: at,
  status: 'open',
  createdAt: at,
});
const person = (personId: string): Db.Participant => ({
  incidentNumber: 7,
  personId,
  role: 'it',
  joinedAt: at,
});
const rows = (parts: Partial<ProjectionRows>): ProjectionRows => ({
  participants: [],
  steps: [],
  handoffs: [],
  ...parts,
});
/** Each write as "table: first words of its SQL". */
const shape = (writes: ReturnType<typeof projectionWrites>) =>
  writes.map((w) => `${w.table}: ${w.text.split(' ').slice(0, 2).join(' ')}`);

describe('projectionWrites', () => {
  it('writes nothing when nothing changed', () => {
    const same = rows({ participants: [person('dana')], steps: [step(1)] });
    expect(projectionWrites(7, same, same)).toEqual([]);
  });

  it('deletes lost rows by key, inserts new ones, updates changed ones', () => {
    const before = rows({ participants: [person('dana'), person('sam')], steps: [step(1), step(2)] });
    const after = rows({ participants: [person('dana')], steps: [step(1, 'Renamed'), step(3)] });
    const writes = projectionWrites(7, before, after);
    expect(shape(writes)).toEqual([
      'Participant: DELETE FROM',
      'Step: DELETE FROM',
      'Step: INSERT INTO',
      'Step: UPDATE "Step"',
    ]);
    expect(writes[0]!.text).toBe(
      'DELETE FROM "Participant" WHERE "incidentNumber" = $1::int AND "personId" = ANY($2::text[])',
    );
    expect(writes[0]!.params).toEqual([7, ['sam']]);
    expect(writes[1]!.params).toEqual([7, [2]]);
    expect(writes[3]!.text).toContain('WHERE "incidentNumber" = $6::int AND "number" = $7::int');
    expect(writes[3]!.params.slice(-2)).toEqual([7, 1]);
  });

  it('replaces every row of an incident the transaction did not read', () => {
    const after = rows({ participants: [person('dana')], steps: [step(1)] });
    const writes = projectionWrites(7, undefined, after);
    expect(shape(writes)).toEqual([
      'Participant: DELETE FROM',
      'Participant: INSERT INTO',
      'Step: DELETE FROM',
      'Step: INSERT INTO',
      'Handoff: DELETE FROM',
    ]);
    expect(writes[0]!.text).toBe('DELETE FROM "Participant" WHERE "incidentNumber" = $1::int');
  });

  it('splits new rows past the parameter limit into several inserts', () => {
    const perStatement = Math.floor(MAX_PARAMETERS / 7); // a step row has 7 columns
    const steps = Array.from({ length: perStatement + 1 }, (_, i) => step(i + 1));
    const writes = projectionWrites(7, rows({}), rows({ steps }));
    expect(shape(writes)).toEqual(['Step: INSERT INTO', 'Step: INSERT INTO']);
    expect(writes.map((w) => w.params.length)).toEqual([perStatement * 7, 7]);
  });
});
