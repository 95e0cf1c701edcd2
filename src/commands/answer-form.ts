// The Decline form behind an e-mail link (issue 14): its reason obeys the same rules as the
// reason of /incident decline (not empty, no control characters, at most TEXT_LIMIT), so an
// answer from the inbox is held to what an answer in chat is.

import { textField } from './fields.ts';
import { fromZodError } from './zod-error.ts';

export type ReasonCheck = { ok: true; reason: string } | { ok: false; message: string };

/** The reason as typed into the form (undefined when the field was missing), checked. */
export function checkDeclineReason(reason: unknown, ownerName: string): ReasonCheck {
  const schema = textField('reason', `Declining needs a reason, so ${ownerName} knows what to do next.`);
  const result = schema.safeParse(reason);
  if (result.success) return { ok: true, reason: result.data.trim() };
  return { ok: false, message: fromZodError(result.error).message };
}
