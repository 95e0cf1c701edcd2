// Which handoff awaits an answer for a step: asked by every offer (one pending offer per
// step), every new step and every room message the blame guard reads. The answer was a scan
// of the incident's handoffs, hundreds on a busy incident (issue 13: 5 % of the handoff
// pairs bench's thread); now each list of handoffs has its pending ones worked out once, and
// a list evolve makes from another (a handoff offered or answered) takes them over from it,
// changed by that one handoff. A list an incident holds is never changed afterwards:
// evolve makes a new one for each change (evolve.ts).

import type { Handoff, Incident } from './incident-types.ts';

/** Step number → its pending handoffs, in the list's order (the rules allow one; data may hold more). */
type PendingBySteps = ReadonlyMap<number, readonly Handoff[]>;

const pendingOf = new WeakMap<readonly Handoff[], PendingBySteps>();

/** The step's handoff that awaits an answer, if any: the first in the list, as a scan found. */
export function pendingHandoffFor(
  incident: Pick<Incident, 'handoffs'>,
  stepNumber: number,
): Handoff | undefined {
  return pendingBySteps(incident.handoffs).get(stepNumber)?.[0];
}

function pendingBySteps(handoffs: readonly Handoff[]): PendingBySteps {
  let bySteps = pendingOf.get(handoffs);
  if (bySteps === undefined) {
    const built = new Map<number, Handoff[]>();
    for (const h of handoffs) {
      if (h.status !== 'pending') continue;
      const list = built.get(h.stepNumber);
      if (list) list.push(h);
      else built.set(h.stepNumber, [h]);
    }
    pendingOf.set(handoffs, (bySteps = built));
  }
  return bySteps;
}

/**
 * Says that `next` is `previous` with one handoff changed: `before` (undefined: none, `after`
 * is added at the end) put in place as `after`. `next`'s pending handoffs are then
 * `previous`'s changed by that one, if those were worked out; else `next`'s are, when first
 * asked for.
 */
export function carryPending(
  previous: readonly Handoff[],
  next: readonly Handoff[],
  before: Handoff | undefined,
  after: Handoff,
): void {
  const was = pendingOf.get(previous);
  if (was === undefined || (before !== undefined && before.stepNumber !== after.stepNumber)) return;
  const step = after.stepNumber;
  const list = was.get(step) ?? [];
  let changed: readonly Handoff[];
  if (before === undefined) {
    changed = after.status === 'pending' ? [...list, after] : list;
  } else if (before.status === 'pending') {
    // Its place in its step's list, or out of it once answered.
    changed = list.flatMap((h) => (h !== before ? [h] : after.status === 'pending' ? [after] : []));
  } else if (after.status === 'pending') {
    return; // pending again, which no event makes: its place among the others found anew
  } else {
    changed = list;
  }
  if (changed === list) {
    pendingOf.set(next, was);
    return;
  }
  const bySteps = new Map(was);
  if (changed.length > 0) bySteps.set(step, changed);
  else bySteps.delete(step);
  pendingOf.set(next, bySteps);
}
