// The record of the last e-mail to each person in each incident (refs `last:<incident>:<person>`
// on the platform `email`), so the owners' page can say whether it was delivered (the SMTP
// server took it, or the .eml file was written) or bounced. Kept in the database beside the
// incident, like the chat adapters' message refs: any process may have sent it.

import {
  emailStatusKey,
  parseEmailStatus,
  type EmailStatus as StoredStatus,
} from '../../src/app/email-status.ts';
import type { PlatformRefs } from '../../src/app/platform-refs.ts';

export type EmailStatus = 'delivered' | 'bounced';

export interface EmailDeliveryRecord {
  status: EmailStatus;
  at: Date;
  messageId?: string | undefined;
  /** Why it bounced, in the server's words. */
  error?: string | undefined;
}

// The stored shape and key are the app's (src/app/email-status.ts): the owners' page reads them too.
export { emailStatusKey };

export async function recordEmailStatus(
  refs: Pick<PlatformRefs, 'put'>,
  incidentNumber: number,
  personId: string,
  record: EmailDeliveryRecord,
): Promise<void> {
  const stored: StoredStatus = {
    status: record.status,
    at: record.at.toISOString(),
    ...(record.messageId ? { messageId: record.messageId } : {}),
    ...(record.error ? { error: record.error } : {}),
  };
  await refs.put(emailStatusKey(incidentNumber, personId), { ...stored });
}

/** The last e-mail's fate, or null when none was sent (or the stored record does not parse). */
export async function lastEmailStatus(
  refs: Pick<PlatformRefs, 'get'>,
  incidentNumber: number,
  personId: string,
): Promise<EmailDeliveryRecord | null> {
  const parsed = parseEmailStatus(await refs.get(emailStatusKey(incidentNumber, personId)));
  if (!parsed) return null;
  const { status, at, messageId, error } = parsed;
  return { status, at: new Date(at), ...(messageId ? { messageId } : {}), ...(error ? { error } : {}) };
}
