// Tick marks for a time axis: a round step ("every 30 min", "every day") that gives a
// handful of ticks over any span from minutes to weeks. Labels are in the provider's zone,
// like the rest of the page (the zone is named once, in the page).

import { DEFAULT_TIME_ZONE, localParts } from '../domain/time-zone.ts';

const MIN = 60_000;
const STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MIN);

export function niceTicks(
  start: number,
  end: number,
  zone = DEFAULT_TIME_ZONE,
  most = 8,
): Array<{ at: number; label: string }> {
  const step = STEPS.find((s) => (end - start) / s <= most) ?? STEPS.at(-1)!;
  const first = Math.ceil(start / step) * step;
  const ticks: Array<{ at: number; label: string }> = [];
  for (let t = first; t <= end; t += step) {
    const local = localParts(new Date(t), zone);
    const [, month, day] = local.date.split('-');
    const label = step >= 1440 * MIN ? `${day}.${month}.` : local.time;
    ticks.push({ at: t, label });
  }
  return ticks;
}
