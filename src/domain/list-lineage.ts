// Which items of a list differ from the list it was made from. An incident's handoffs grow
// by one at each offer and change one at each answer, so a busy incident's list is hundreds
// long while a command touches one item; the store freezes the incident, builds its rows and
// compares them with the last saved ones on every save (issue 13: a tenth of the handoff
// pairs bench's thread, item by item). A list evolve makes from another says which places
// it changed, and those passes visit only them. A list so recorded is never changed again.

interface Lineage {
  /** Weakly: a list holding on to the one before it would keep every list an incident had. */
  from: WeakRef<readonly unknown[]>;
  changed: readonly number[];
}

const lineages = new WeakMap<readonly unknown[], Lineage>();

/**
 * Records that `next` is `from` with the items at `changed` replaced or added at its end:
 * none removed, none moved, every other item the very object at the same place. Returns `next`.
 */
export function madeFrom<T>(next: T[], from: readonly T[], changed: readonly number[]): T[] {
  lineages.set(next, { from: new WeakRef(from), changed });
  return next;
}

/** The places where `list` differs from `from`, if `list` was made from it (madeFrom); else undefined. */
export function changedSince(list: readonly unknown[], from: unknown): readonly number[] | undefined {
  const lineage = lineages.get(list);
  return lineage !== undefined && lineage.from.deref() === from ? lineage.changed : undefined;
}
