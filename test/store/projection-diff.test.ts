import { describe, expect, it } from 'vitest';
import { diffRows } from '../../src/store/projection-diff.ts';

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
