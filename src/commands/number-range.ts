// Incident, step and handoff numbers live in PostgreSQL int4 columns. A larger number can't
// name anything that exists, and handing it to the database only earns an "out of range"
// error and a 500; so it is answered here, like any other number that names nothing.

import { NotFoundError } from '../domain/errors.ts';

/** The largest int4, and so the largest incident, step or handoff number there can be. */
export const LARGEST_NUMBER = 2_147_483_647;

export type NumberedThing = 'incident' | 'step' | 'handoff';

// The same words as for a number in range that names nothing (src/app/mutate.ts,
// src/domain/handoffs.ts), so people are not told two different things for one situation.
const written: Record<NumberedThing, (digits: string) => string> = {
  incident: (d) => `incident INC-${d}`,
  step: (d) => `step ${d}`,
  handoff: (d) => `handoff H${d}`,
};

/** "There is no incident INC-99999999999." */
export function noSuchNumber(thing: NumberedThing, digits: string): NotFoundError {
  return new NotFoundError(`There is no ${written[thing](digits)}.`);
}

/** True for digits (as typed, so precision is never lost) naming a number beyond the range. */
export function digitsBeyondRange(digits: string): boolean {
  return /^\d+$/.test(digits) && BigInt(digits) > BigInt(LARGEST_NUMBER);
}

/** Throws "There is no …" when typed digits name a number no row can have. */
export function checkDigitsInRange(thing: NumberedThing, digits: string): void {
  if (digitsBeyondRange(digits)) throw noSuchNumber(thing, digits.replace(/^0+(?=\d)/, ''));
}

/**
 * Throws "There is no …" for a whole number (a typed platform option) beyond the range.
 * Fractions, negatives and non-numbers are left to the schema, which explains them.
 */
export function checkNumberInRange(thing: NumberedThing, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= LARGEST_NUMBER) return;
  // Past 2^53 a number has no exact digits left; BigInt writes the ones it has, never 1e+21.
  throw noSuchNumber(thing, BigInt(value).toString());
}
