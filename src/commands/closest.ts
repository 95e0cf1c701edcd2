// "Did you mean …?" for mistyped subcommands, help topics and names.

/** Levenshtein distance: how many single-character edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `typed`, or undefined when none is close enough to be a
 * plausible typo: suggesting `summary` for `banana` would only confuse.
 */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  const query = typed.toLowerCase();
  const prefixed = candidates.find((c) => query.length >= 2 && c.startsWith(query));
  if (prefixed) return prefixed;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(query, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const tolerance = Math.max(2, Math.floor(query.length / 3));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}
