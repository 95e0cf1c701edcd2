// Issue 13: a save visits only the places where the incident's handoffs changed since its
// cached copy: freezing the incident, building its rows and diffing them against the saved
// ones (src/domain/list-lineage.ts). Tested by reading any other place throwing.

import { describe, expect, it } from 'vitest';
import { record } from '../../src/domain/evolve.ts';
import type { Handoff, Incident } from '../../src/domain/incident-types.ts';
import { changedSince, madeFrom } from '../../src/domain/list-lineage.ts';
import type { NewEvent } from '../../src/domain/timeline-types.ts';
import { deepFreeze } from '../../src/store/incident-cache.ts';
import { diffRows } from '../../src/store/projection-diff.ts';
import { handoffRows } from '../../src/store/rows.ts';
import { openedWithSteps, readableOnlyAt } from '../support/incident-events.ts';
import { T0 } from '../support/world.ts';

/** INC-1 with one step and 300 answered handoffs, frozen as the store caches it. */
function busyIncident(): Incident {
  const events = openedWithSteps([1]);
  for (let n = 1; n <= 300; n++) {
    const payload = { handoff: n, step: 1, fromId: 'dana', toId: 'sam' };
    events.push({
      at: T0,
      actorId: 'dana',
      type: 'handoff.proposed',
      payload: { ...payload, note: 'Yours' },
    });
    events.push({ at: T0, actorId: 'sam', type: 'handoff.accepted', payload });
  }
  return deepFreeze(record(null, 1, events).incident);
}

const offer = (incident: Incident): NewEvent => ({
  at: T0,
  actorId: 'dana',
  type: 'handoff.proposed',
  payload: { handoff: incident.handoffs.length + 1, step: 1, fromId: 'dana', toId: 'sam', note: 'Yours' },
});

describe('a list made from another', () => {
  it('says where it changed, and only to that list', () => {
    const from = ['a', 'b'];
    const next = madeFrom(['a', 'B', 'c'], from, [1, 2]);
    expect(changedSince(next, from)).toEqual([1, 2]);
    expect(changedSince(next, ['a', 'b'])).toBeUndefined();
    expect(changedSince(['a', 'B', 'c'], from)).toBeUndefined();
  });

  /**
   * What a save does with `event` applied to `before` (frozen, cached, with its rows), with
   * every place of the new lists but the changed one throwing when read.
   */
  function save(before: Incident, beforeRows: ReturnType<typeof handoffRows>, event: NewEvent) {
    const after = record(before, 1, [event]).incident;
    readableOnlyAt(after.handoffs as Handoff[], [300]);
    deepFreeze(after, before);
    const rows = handoffRows(after, before);
    const changes = diffRows(beforeRows, readableOnlyAt(rows, [300]), (r) => String(r.number));
    return { after, changes };
  }

  it("is frozen, turned into rows and diffed at its changed places only: an offer's, an answer's", () => {
    const cached = busyIncident();
    const cachedRows = handoffRows(cached);
    const { changes } = save(cached, cachedRows, offer(cached));
    expect(changes).toMatchObject({
      created: [{ number: 301, status: 'pending' }],
      updated: [],
      deleted: [],
    });
    expect(Object.isFrozen(cached.handoffs)).toBe(true);

    const offered = deepFreeze(record(cached, 1, [offer(cached)]).incident, cached);
    const offeredRows = handoffRows(offered, cached);
    const decline: NewEvent = {
      at: T0,
      actorId: 'sam',
      type: 'handoff.declined',
      payload: { handoff: 301, step: 1, reason: 'Not mine' },
    };
    const answered = save(offered, offeredRows, decline);
    expect(answered.changes).toMatchObject({
      created: [],
      updated: [{ number: 301, status: 'declined' }],
      deleted: [],
    });
    expect(Object.isFrozen(answered.after.handoffs[300])).toBe(true);
  });
});
