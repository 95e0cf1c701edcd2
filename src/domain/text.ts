// Free text a rule depends on (a note, a reason, a title): trimmed, and never empty.

import { ValidationError } from './errors.ts';

/** The text without surrounding space; a ValidationError with `message` when nothing is left. */
export function requireText(text: string, message: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError(message);
  return trimmed;
}
