// Times as people read them: in the provider's time zone (design §2, issue 10), with the
// zone named, so "08:15" is never ambiguous in a summary read later and elsewhere.
// Pure: Intl is part of the language, and the zone comes from the directory.

import type { Directory } from './directory.ts';

export const DEFAULT_TIME_ZONE = 'UTC';

let canonicalZones: ReadonlySet<string> | undefined;

/** True for a time zone this runtime knows by its IANA name (e.g. Europe/London). */
export function isTimeZone(name: string): boolean {
  if (name.trim() !== name || name.length === 0) return false;
  // The runtime's own list first: building a formatter costs a process about 8 MB the first
  // time (V8 lists every locale ICU has), and checking a directory at start should not make
  // an idle server pay it; the list costs under 1 MB (issue 13). It holds canonical names
  // only, so another name (UTC, an alias like US/Pacific) is asked of a formatter as before.
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The provider's zone from the directory, or UTC when it names none. */
export function timeZoneOf(directory: Directory): string {
  return (
    directory.organisations.find((o) => o.kind === 'provider' && o.timezone)?.timezone ?? DEFAULT_TIME_ZONE
  );
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(zone, format);
  }
  return format;
}

interface LocalParts {
  date: string;
  time: string;
  zone: string;
}

/** A zone's short name: "GMT", "BST", "CET"; the IANA name where only an offset exists. */
function zoneLabel(zone: string, short: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  return /^[A-Z]{2,5}$/.test(short) ? short : zone;
}

/**
 * Recent answers by zone and minute. A summary formats the same few minutes again and again
 * (a 10,000-event timeline: tens of thousands of times), and formatToParts allocates a dozen
 * objects each time. Every zone's offset is whole minutes, so one UTC minute is one local
 * minute. Bounded: cleared when full.
 */
const recent = new Map<string, LocalParts>();
const RECENT_MAX = 4096;

export function localParts(at: Date, zone: string): LocalParts {
  const key = `${zone} ${Math.floor(at.getTime() / 60_000)}`;
  const known = recent.get(key);
  if (known) return known;
  const parts = Object.fromEntries(
    formatFor(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local: LocalParts = Object.freeze({
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    zone: zoneLabel(zone, parts.timeZoneName ?? zone),
  });
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, local);
  return local;
}

/** How far the zone's wall clock is ahead of UTC at this moment (minute precision). */
export function zoneOffsetMs(at: Date, zone: string): number {
  const p = localParts(at, zone);
  const [y, mo, d] = p.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = p.time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  return wall - Math.floor(at.getTime() / 60_000) * 60_000;
}

/** `2026-03-02 08:15 GMT`: an absolute time in the given zone, the zone named. */
export function formatStamp(at: Date, zone: string): string {
  const p = localParts(at, zone);
  return `${p.date} ${p.time} ${p.zone}`;
}

/** `08:15`: the time of day in the zone, for lines whose zone is said once elsewhere. */
export function formatClock(at: Date, zone: string): string {
  return localParts(at, zone).time;
}
