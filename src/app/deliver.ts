// Delivers one outbox entry, outside any incident lock: claim it (one worker per attempt),
// hand it to its platform, settle it. A platform that is down is tried again later with a
// growing delay that honours Retry-After; one that can never deliver it (user not found,
// channel archived, missing access), or the last attempt failing, settles it as failed and
// records that on the timeline, which tells the coordinator (notifications.ts).

import { decideDeliveryFailed } from '../domain/delivery-failures.ts';
import { PlatformError } from '../domain/errors.ts';
import type { AppDeps } from './deps.ts';
import { loadIncidentOrThrow, runChange, saveChange } from './mutate.ts';
import type { Notifier, OutboxEntry } from './ports.ts';

/** How hard deliveries are retried; a deployment (or a test) may pass its own in AppDeps.delivery. */
export interface DeliveryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = {
  /** Attempts before an entry is settled as failed (about 14 minutes of retries). */
  maxAttempts: 10,
  /** First retry after this long, doubled each time… */
  retryBaseMs: 1_000,
  /** …up to this. */
  retryMaxMs: 5 * 60_000,
  /** An attempt that has not settled by then (its process died) may be taken again. */
  leaseMs: 60_000,
};

export type DeliveryResult =
  | { outcome: 'sent' }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'retry'; at: Date }
  | { outcome: 'skipped' };

/** The notifiers by platform name; a core built with one notifier has the one platform `chat`. */
export function platformsOf(deps: AppDeps): ReadonlyMap<string, Notifier> {
  return deps.platforms ?? new Map([['chat', deps.notifier]]);
}

/** Makes one attempt at the entry if it is pending and due; says what became of it. */
export async function deliverEntry(deps: AppDeps, id: string): Promise<DeliveryResult> {
  const now = deps.clock.now();
  const lease = new Date(now.getTime() + policyOf(deps).leaseMs);
  const entry = await deps.store.transaction((tx) => tx.claimOutbox(id, now, lease));
  if (!entry) return { outcome: 'skipped' };
  try {
    await send(platformsOf(deps).get(entry.platform), entry);
  } catch (error) {
    return settleFailure(deps, entry, error);
  }
  await deps.store.transaction((tx) => tx.settleOutbox(id, 'sent', deps.clock.now()));
  return { outcome: 'sent' };
}

async function send(notifier: Notifier | undefined, entry: OutboxEntry): Promise<void> {
  if (!notifier) {
    throw new PlatformError(`${entry.platform} is not configured any more`, { permanent: true });
  }
  if (entry.effect.kind === 'notify') await notifier.notify([entry.effect.notification]);
  else await notifier.incidentChanged?.(entry.incidentNumber);
}

/** The deployment's policy (deps.delivery), else the default. */
export function policyOf(deps: Pick<AppDeps, 'delivery'>): DeliveryPolicy {
  return deps.delivery ?? DELIVERY_POLICY;
}

/** How long before attempt `attempts + 1`: the platform's Retry-After, else 1 s, 2 s, 4 s … 5 min. */
export function retryDelayMs(attempts: number, error: unknown, policy = DELIVERY_POLICY): number {
  if (error instanceof PlatformError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const { retryBaseMs, retryMaxMs } = policy;
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), retryMaxMs);
}

async function settleFailure(deps: AppDeps, entry: OutboxEntry, error: unknown): Promise<DeliveryResult> {
  const reason = error instanceof Error ? error.message : String(error);
  const permanent = error instanceof PlatformError && error.permanent;
  const fields = { err: error, entry: entry.id, platform: entry.platform, attempt: entry.attempts };
  const policy = policyOf(deps);
  if (!permanent && entry.attempts < policy.maxAttempts) {
    const at = new Date(deps.clock.now().getTime() + retryDelayMs(entry.attempts, error, policy));
    deps.logger.warn({ ...fields, retryAt: at.toISOString() }, 'delivery failed; will retry');
    await deps.store.transaction((tx) => tx.retryOutbox(entry.id, at, reason));
    return { outcome: 'retry', at };
  }
  deps.logger.error(fields, 'delivery failed for good');
  if (!entry.reportFailure) {
    await deps.store.transaction((tx) => tx.settleOutbox(entry.id, 'failed', deps.clock.now(), reason));
    return { outcome: 'failed', reason };
  }
  const number = entry.incidentNumber;
  const personId = entry.effect.kind === 'notify' ? entry.effect.notification.personId : undefined;
  // The row settles together with the event that reports it: both, or neither.
  await runChange(deps, `incident:${number}`, async (tx, now) => {
    await tx.settleOutbox(entry.id, 'failed', now, reason);
    const incident = await loadIncidentOrThrow(tx, number);
    const failure = { platform: entry.platform, ...(personId ? { personId } : {}), reason };
    return saveChange(tx, incident, number, decideDeliveryFailed(await tx.timeline(number), failure, now));
  });
  return { outcome: 'failed', reason };
}
