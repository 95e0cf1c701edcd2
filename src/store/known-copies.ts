// Deciding a command on the incident as this process last read or wrote it, without reading
// it again (issue 13: handoff pairs per second on PostgreSQL). The read was a round trip of
// its own before every command, though in one process nobody else changes the incident:
// commands on it are serialised here (the incident's lock), so the copy is current unless
// another process wrote. That is checked before anything commits:
// - a save checks it itself: its update is conditional on the copy's version and row version
//   (`xmin`, incident-cache.ts), so on a changed incident it matches nothing, the statement
//   fails whole (write-batch.ts `expect`), and nothing is written;
// - a copy no save checked (the command was refused, or changed nothing) is read once at the
//   end, with its version, which costs the server nothing when it is unchanged.
// A changed copy means the decision may be wrong, whatever it was: the store runs the
// command again on a fresh read. And the incident is read first for a while after that: with
// several processes behind a load balancer, each command would otherwise find its copy stale.

import type { CachedIncident, IncidentCache } from './incident-cache.ts';
import { readIncident } from './incident-read.ts';
import type { Sql } from './sql.ts';

/** A command was decided on a copy of an incident that someone had changed since. */
export class StaleCopy extends Error {
  constructor(readonly incidentNumber: number) {
    super(`INC-${incidentNumber} changed since this process last saw it`);
    this.name = 'StaleCopy';
  }
}

/** After another process was seen changing an incident, it is read first for this long. */
const READ_FIRST_MS = 60_000;

/** The incidents another process was seen changing lately: a store's, across its transactions. */
export class ContestedIncidents {
  readonly #until = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {}

  mark(number: number): void {
    this.#until.delete(number); // re-inserted last: the Map's order is by time marked
    this.#until.set(number, this.now() + READ_FIRST_MS);
    for (const [oldest, until] of this.#until) {
      if (until > this.now()) break;
      this.#until.delete(oldest);
    }
  }

  has(number: number): boolean {
    return (this.#until.get(number) ?? 0) > this.now();
  }

  /** How many are remembered, expired ones not yet forgotten included. */
  get size(): number {
    return this.#until.size;
  }
}

/** One transaction's copies: the incidents handed out unread, and which a save checks. */
export class KnownCopies {
  readonly #handed = new Map<number, CachedIncident>();
  readonly #checkedBySave = new Set<number>();

  constructor(
    private readonly cache: IncidentCache,
    private readonly contested: ContestedIncidents,
  ) {}

  /** The incident as last known here, to decide on unread; none if unknown or contested. */
  take(number: number): CachedIncident | undefined {
    if (this.contested.has(number)) return undefined;
    const entry = this.cache.get(number);
    if (entry) this.#handed.set(number, entry);
    return entry;
  }

  /** A save's update is conditional on the copy it was handed (its version and `xmin`). */
  checkedBySave(number: number): void {
    if (this.#handed.has(number)) this.#checkedBySave.add(number);
  }

  /** Before the commit: throws StaleCopy if a copy no save checks has changed. */
  async confirm(sql: Sql): Promise<void> {
    for (const [number, entry] of this.#handed) {
      if (this.#checkedBySave.has(number)) continue;
      if (await this.changed(sql, number, entry)) throw new StaleCopy(number);
    }
  }

  /** After a failure: whether it may be a copy's fault (one of them had changed). */
  async explainFailure(sql: Sql, error: unknown): Promise<boolean> {
    if (error instanceof StaleCopy) return true;
    let stale = false;
    for (const [number, entry] of this.#handed) {
      if (await this.changed(sql, number, entry).catch(() => false)) stale = true;
    }
    return stale;
  }

  private async changed(sql: Sql, number: number, entry: CachedIncident): Promise<boolean> {
    const found = await readIncident(sql, { number }, { known: entry });
    const changed = found === null || found.row !== null;
    if (changed) this.contested.mark(number);
    return changed;
  }
}
