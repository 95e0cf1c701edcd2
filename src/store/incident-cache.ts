// The incidents this process read or wrote last, so a command on an incident that nobody
// changed since need not read it whole again (issue 13: handoff pairs per second). Reading
// an incident builds JSON of all its rows on the server and parses it here: the work grows
// with the incident, and was most of PostgreSQL's time in the pairs bench (3.2 ms a pair on
// fresh incidents, 5.1 ms after ten seconds of handoffs).
//
// An entry is trusted only while the incident's row is the very row version it was taken
// from: its `xmin`, the transaction that wrote that version, with its `version` column. A
// save rewrites the incident row whenever any of its rows change, so a new xmin means
// "changed", by anyone, in any process, a restore included. An entry taken from this
// process's own save carries this transaction's id: if it rolls back, no committed row ever
// has that xmin, and the entry is simply never used.
//
// The entries are frozen: a cached incident is handed to every command that reads it, and
// one that changed it in place would change it for the next.

import type { Incident } from '../domain/incident-types.ts';
import type { ProjectionRows } from './projection-diff.ts';
import { changedSince } from '../domain/list-lineage.ts';

/**
 * What a transaction read of an incident: its projection rows, so a save writes only what
 * differs, and its open-site key, so a save that keeps it need not check it again.
 */
export interface ReadRows extends ProjectionRows {
  openSiteKey: string | null;
}

export interface CachedIncident {
  /** The row version it was taken from: `xmin` of the incident's row, as text. */
  xmin: string;
  version: number;
  incident: Incident;
  rows: ReadRows;
}

/** Enough for every incident open at once in a small shop; a miss costs one full read. */
const CACHED_INCIDENTS = 64;

export class IncidentCache {
  readonly #entries = new Map<number, CachedIncident>();

  constructor(readonly limit = CACHED_INCIDENTS) {}

  get(number: number): CachedIncident | undefined {
    return this.#entries.get(number);
  }

  /** Keeps `entry` (frozen) as the incident's latest, the least recently kept going past the limit. */
  set(entry: CachedIncident): void {
    const number = entry.incident.number;
    const previous = this.#entries.get(number);
    this.#entries.delete(number); // re-inserted last: the Map's order is the recency
    this.#entries.set(number, deepFreeze(entry, previous));
    if (this.#entries.size > this.limit) {
      const oldest = this.#entries.keys().next().value as number;
      this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * Freezes `value` and every object and array in it (Dates are left as they are). `like`: a
 * frozen value that `value` may share parts with, such as the incident's copy cached before
 * this one: a part that is the very object at the same place in `like` is frozen already,
 * and passed over by identity. So freezing the incident a command changed costs what it
 * changed plus one comparison per item of its lists (issue 13: `Object.isFrozen` is a call
 * into the runtime, and was 8 % of the pairs bench run on each of hundreds of handoffs).
 */
export function deepFreeze<T>(value: T, like?: unknown): T {
  if (value === like) return value; // frozen already: `like` is
  if (value === null || typeof value !== 'object' || value instanceof Date || Object.isFrozen(value)) {
    return value;
  }
  const same = (like ?? {}) as Record<string, unknown>;
  if (Array.isArray(value)) {
    // A list evolve made from `like`'s says where it differs (list-lineage.ts): only there.
    const changed = changedSince(value, like);
    if (changed !== undefined) for (const i of changed) deepFreeze(value[i], same[i]);
    else for (let i = 0; i < value.length; i++) if (value[i] !== same[i]) deepFreeze(value[i], same[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) deepFreeze(record[key], same[key]);
  }
  return Object.freeze(value);
}
