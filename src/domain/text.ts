// Free text a rule depends on (a note, a reason, a title): trimmed, and never empty.

import { ValidationError } from './errors.ts';

/** The text without surrounding space; a ValidationError with `message` when nothing is left. */
/** "1, 2 and 4": a list as a sentence says it (one item alone; nothing for none). */
export function listAnd(items: readonly (string | number)[]): string {
  const all = items.map(String);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

export function requireText(text: string, message: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError(message);
  return trimmed;
}
