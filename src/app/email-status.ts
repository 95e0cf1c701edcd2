// What became of the last e-mail to a person in an incident (issue 14): kept as a platform
// reference of the `email` platform, so the owners' page can say "delivered" (the SMTP
// server accepted it) or "bounced" (it refused it for good) beside the person.

import { z } from 'zod';
import type { PlatformRefValue, StoreTx } from './ports.ts';

export const EMAIL_PLATFORM = 'email';

export const EmailStatus = z.object({
  status: z.enum(['delivered', 'bounced']),
  /** When the SMTP server answered (ISO 8601). */
  at: z.iso.datetime(),
  messageId: z.string().optional(),
  /** The server's refusal, for a bounce. */
  error: z.string().optional(),
});
export type EmailStatus = z.infer<typeof EmailStatus>;

export function emailStatusKey(incidentNumber: number, personId: string): string {
  return `last:${incidentNumber}:${personId}`;
}

/** The stored status as a reference value. */
export function emailStatusRef(status: EmailStatus): PlatformRefValue {
  return { ...status };
}

/** The status of the last e-mail to the person in the incident; undefined: none sent (or unreadable). */
export async function readEmailStatus(
  tx: Pick<StoreTx, 'loadPlatformRef'>,
  incidentNumber: number,
  personId: string,
): Promise<EmailStatus | undefined> {
  const stored = await tx.loadPlatformRef(EMAIL_PLATFORM, emailStatusKey(incidentNumber, personId));
  const parsed = EmailStatus.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
