// Tick marks for a time axis: a round step ("every 30 min", "every day") that gives a
// handful of ticks over any span from minutes to weeks. Labels are UTC, like the summary.

const MIN = 60_000;
const STEPS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MIN);

export function niceTicks(start: number, end: number, most = 8): Array<{ at: number; label: string }> {
  const step = STEPS.find((s) => (end - start) / s <= most) ?? STEPS.at(-1)!;
  const first = Math.ceil(start / step) * step;
  const ticks: Array<{ at: number; label: string }> = [];
  for (let t = first; t <= end; t += step) {
    const iso = new Date(t).toISOString();
    const label = step >= 1440 * MIN ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.` : iso.slice(11, 16);
    ticks.push({ at: t, label });
  }
  return ticks;
}
