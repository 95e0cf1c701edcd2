// Tick marks for a time axis: a round step ("every 30 min", "every day") that gives a
// handful of ticks over any span from minutes to weeks. Labels are in the provider's zone,
// like the rest of the page (the zone is named once, in the page).

import { DEFAULT_TIME_ZONE, localParts, zoneOffsetMs } from '../domain/time-zone.ts';

const MIN = 60_000;
const STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MIN);

export function niceTicks(
  start: number,
  end: number,
  zone = DEFAULT_TIME_ZONE,
  most = 8,
): Array<{ at: number; label: string }> {
  const step = STEPS.find((s) => (end - start) / s <= most) ?? STEPS.at(-1)!;
  // Round steps fall on the zone's wall clock (midnight, the hour), not UTC's: step in wall
  // time and map each tick back through the offset at that moment, so DST shifts stay right.
  const offsetAt = (t: number) => zoneOffsetMs(new Date(t), zone);
  const firstWall = Math.ceil((start + offsetAt(start)) / step) * step;
  const ticks: Array<{ at: number; label: string }> = [];
  for (let wall = firstWall; ; wall += step) {
    const t = wall - offsetAt(wall - offsetAt(start));
    if (t > end) break;
    if (t < start) continue;
    const local = localParts(new Date(t), zone);
    const [, month, day] = local.date.split('-');
    const label = step >= 1440 * MIN ? `${day}.${month}.` : local.time;
    ticks.push({ at: t, label });
  }
  return ticks;
}
