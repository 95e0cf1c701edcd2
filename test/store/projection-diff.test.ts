import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident-types.ts';
import { deepFreeze } from '../../src/store/incident-cache.ts';
import { diffRows } from '../../src/store/projection-diff.ts';
import { stepRows } from '../../src/store/rows.ts';

describe('diffRows', () => {
  const row = (number: number, title: string, at = new Date(Date.UTC(2026, 2, 2, 8))) => ({
    number,
    title,
    at,
    reason: null as string | null,
  });
  const byNumber = (r: { number: number }) => String(r.number);

  it('creates new keys, updates changed values and deletes missing keys', () => {
    const before = [row(1, 'DNS'), row(2, 'Cache'), row(3, 'Gone')];
    const after = [row(1, 'DNS'), row(2, 'Cache purge'), row(4, 'New')];
    expect(diffRows(before, after, byNumber)).toEqual({
      created: [row(4, 'New')],
      updated: [row(2, 'Cache purge')],
      deleted: [row(3, 'Gone')],
    });
  });

  it('compares dates by instant and treats a missing value as null', () => {
    const a = row(1, 'DNS', new Date(Date.UTC(2026, 2, 2, 8)));
    const b = { ...row(1, 'DNS', new Date(Date.UTC(2026, 2, 2, 8))), reason: undefined };
    expect(diffRows([a], [b as unknown as typeof a], byNumber)).toEqual({
      created: [],
      updated: [],
      deleted: [],
    });
    const later = row(1, 'DNS', new Date(Date.UTC(2026, 2, 2, 9)));
    expect(diffRows([a], [later], byNumber).updated).toEqual([later]);
  });
});

describe('the rows of an incident', () => {
  const at = new Date(Date.UTC(2026, 2, 2, 8));
  const incident = (title: string): Incident => ({
    number: 7,
    siteId: 'wanderlust-web',
    title: 'Down',
    severity: 'sev2',
    status: 'open',
    coordinatorId: 'dana',
    reporterId: 'maria',
    openedAt: at,
    rooms: {},
    participants: [],
    steps: [{ number: 1, title, ownerId: 'dana', ownerSince: at, status: 'open', createdAt: at }],
    handoffs: [],
    version: 3,
  });

  it('are the same objects for frozen items saved before, so the diff finds them unchanged at once', () => {
    const saved = deepFreeze(incident('Check the disk'));
    const first = stepRows(saved);
    const next = deepFreeze({ ...saved, version: 4 }); // evolve.ts copies only what changed
    expect(stepRows(next)[0]).toBe(first[0]);
    expect(diffRows(first, stepRows(next), (r) => String(r.number)).updated).toEqual([]);
  });

  it('are built again for items that can still change, and for another incident', () => {
    const open = incident('Check the disk');
    const first = stepRows(open)[0];
    open.steps[0]!.title = 'Check the logs'; // not frozen: never known by identity
    expect(stepRows(open)[0]).toEqual({ ...first, title: 'Check the logs' });
    const frozen = deepFreeze(incident('Check the disk'));
    const row = stepRows(frozen)[0];
    expect(stepRows({ ...frozen, number: 8 })[0]).toEqual({ ...row, incidentNumber: 8 });
  });
});
