import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/incident-types.ts';
import { deepFreeze } from '../../src/store/incident-cache.ts';
import { diffRows } from '../../src/store/projection-diff.ts';
import { handoffRows, stepRows } from '../../src/store/rows.ts';

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

const at = new Date(Date.UTC(2026, 2, 2, 8));

/** INC-7 with the given steps and handoffs, nothing else. */
const anIncident = (lists: Pick<Incident, 'steps' | 'handoffs'>): Incident => ({
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
  ...lists,
  version: 3,
});

describe('the rows of an incident', () => {
  const incident = (title: string): Incident =>
    anIncident({
      steps: [{ number: 1, title, ownerId: 'dana', ownerSince: at, status: 'open', createdAt: at }],
      handoffs: [],
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

describe('diffRows on lists that share most of their rows', () => {
  const row = (number: number, title = `Step ${number}`) => ({ number, title });
  type Row = ReturnType<typeof row>;

  it('keys only the rows that are not the same object at the same place', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i + 1));
    const keyed: number[] = [];
    const key = (r: Row) => (keyed.push(r.number), String(r.number));
    const changed = row(250, 'Changed');
    const after = [...rows.slice(0, 249), changed, ...rows.slice(250), row(501)];
    expect(diffRows(rows, after, key)).toEqual({ created: [row(501)], updated: [changed], deleted: [] });
    expect(keyed.sort((x, y) => x - y)).toEqual([250, 250, 501]); // not the 251 rows after the change
  });

  it('finds a row inserted, one deleted and one moved between shared rows', () => {
    const [a, b, c, d, e] = [row(1), row(2), row(3), row(4), row(5)];
    const byNumber = (r: Row) => String(r.number);
    expect(diffRows([a, c, e], [a, b, c, e], byNumber)).toEqual({ created: [b], updated: [], deleted: [] });
    expect(diffRows([a, b, c, e], [a, c, e], byNumber)).toEqual({ created: [], updated: [], deleted: [b] });
    expect(diffRows([a, b, c, d], [a, c, b, d], byNumber)).toEqual({ created: [], updated: [], deleted: [] });
    expect(diffRows([], [a, b], byNumber)).toEqual({ created: [a, b], updated: [], deleted: [] });
    expect(diffRows([a, b], [], byNumber)).toEqual({ created: [], updated: [], deleted: [a, b] });
  });
});

describe('the rows of an incident saved before', () => {
  const handoff = (number: number) =>
    ({
      number,
      stepNumber: 1,
      fromId: 'dana',
      toId: 'sam',
      proposedById: 'dana',
      note: 'Disk full',
      status: 'accepted',
      proposedAt: at,
    }) as const;
  const incident = (handoffs: Array<ReturnType<typeof handoff>>) => anIncident({ steps: [], handoffs });

  it('are the rows built for the same objects at the same place, and new rows for the others', () => {
    const saved = deepFreeze(incident(Array.from({ length: 300 }, (_, i) => handoff(i + 1))));
    const first = handoffRows(saved);
    const next = deepFreeze({ ...saved, handoffs: [...saved.handoffs, handoff(301)] }, saved);
    const rows = handoffRows(next, saved);
    expect(rows.slice(0, 300).every((row, i) => row === first[i])).toBe(true);
    expect(rows[300]).toMatchObject({ incidentNumber: 7, number: 301, reason: null, answeredAt: null });
    // For another incident's list, or a list that can still change, nothing is taken over.
    const other = deepFreeze({ ...next, number: 8 });
    expect(handoffRows(other, next)[0]).toEqual({ ...first[0], incidentNumber: 8 });
    const open = { ...next, handoffs: [...next.handoffs] };
    open.handoffs[0] = { ...handoff(1), note: 'Disk full again' };
    expect(handoffRows(open, next)[0]).toMatchObject({ number: 1, note: 'Disk full again' });
  });
});
