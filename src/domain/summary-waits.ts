// Who was waiting on whom, and for how long: whoever offered a step (its owner, or the
// coordinator) cannot move on until the addressee answers, so every pending period is
// the proposer's wait.

import type { Summary, Wait } from './summary-types.ts';

/** Who waited on whom, longest first: every handoff's wait from offer to answer (or `end`). */
export function waitsOf(summary: Summary, end: Date): Wait[] {
  const byPair = new Map<string, Wait>();
  for (const h of summary.handoffs) {
    const key = `${h.proposedById}\u0000${h.toId}`;
    const wait = byPair.get(key) ?? {
      waiterId: h.proposedById,
      waitedOnId: h.toId,
      totalMs: 0,
      handoffs: [],
      ongoing: false,
    };
    wait.totalMs += Math.max(0, (h.outcome?.at ?? end).getTime() - h.proposedAt.getTime());
    wait.handoffs.push(h.handoff);
    wait.ongoing ||= !h.outcome;
    byPair.set(key, wait);
  }
  return [...byPair.values()].sort((a, b) => b.totalMs - a.totalMs);
}
