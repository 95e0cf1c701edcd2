// Delivers one outbox entry, outside any incident lock: claim it (one worker per attempt,
// under a lease renewed while the attempt runs), hand it to its platform, settle it. A
// platform that is down is tried again later with a growing delay that honours Retry-After;
// one that can never deliver it (user not found, channel archived, missing access), or the
// last attempt failing, settles it as failed and records that on the timeline, which tells
// the coordinator (notifications.ts).

import { decideDeliveryFailed } from '../domain/delivery-failures.ts';
import { PlatformError } from '../domain/errors.ts';
import type { AppDeps } from './deps.ts';
import { loadIncidentOrThrow, runChange, saveChange } from './mutate.ts';
import type { Notifier, OutboxEntry } from './ports.ts';

/** How hard deliveries are retried; a deployment (or a test) may pass its own in AppDeps.delivery. */
export interface DeliveryPolicy {
  /** Attempts before an entry is settled as failed. */
  maxAttempts: number;
  /** First retry after this long, doubled each time… */
  retryBaseMs: number;
  /** …up to this. */
  retryMaxMs: number;
  /**
   * An attempt holds its entry this long, renewed every third of it while the attempt runs:
   * a live worker keeps its entry however slow the platform, and the entry of a worker that
   * died is taken again this long after its last renewal.
   */
  leaseMs: number;
  /**
   * The lease is renewed for this long at most: an attempt still running after it (a platform
   * call that never returns) lets its entry go, and another worker may deliver it again.
   */
  maxAttemptMs: number;
  /** Sent and failed entries are kept this long (for the record), then pruned by reconciliation. */
  keepSettledMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 10, // about 14 minutes of retries
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  leaseMs: 30_000,
  maxAttemptMs: 10 * 60_000,
  keepSettledMs: 7 * 24 * 60 * 60_000,
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

/**
 * Whether a change writes its outbox entries claimed for their first attempt: when this
 * process makes that attempt right after the commit (no worker: console scripts and tests,
 * deliveries in order after each reply; or a worker that says it does). A claim is one
 * statement more per entry, on the way from every command to its notifications (issue 13:
 * 6 statements per handoff pair where 4 do). Should the process die before the attempt,
 * the entry is due when the lease runs out, and the next reconciliation delivers it.
 */
export function claimsAtCommit(deps: Pick<AppDeps, 'deliveries'>): boolean {
  return deps.deliveries ? deps.deliveries.claimsAtCommit === true : true;
}

/**
 * Makes one attempt at the entry if it is pending and due; says what became of it.
 * `claimed`: the entry as this process wrote it, claimed at commit (claimsAtCommit): its
 * first attempt is this one's already.
 */
export async function deliverEntry(
  deps: AppDeps,
  id: string,
  policy: DeliveryPolicy = policyOf(deps),
  claimed?: OutboxEntry,
): Promise<DeliveryResult> {
  const now = deps.clock.now();
  const lease = new Date(now.getTime() + policy.leaseMs);
  // Each row write below is one conditional statement: atomic without a transaction.
  const entry =
    claimed?.attempts === 1 && claimed.id === id
      ? claimed
      : await deps.store.autocommit((tx) => tx.claimOutbox(id, now, lease));
  if (!entry) return { outcome: 'skipped' };
  const holding = holdLease(deps, entry, policy);
  try {
    await send(platformsOf(deps).get(entry.platform), entry);
  } catch (error) {
    await holding.release();
    return settleFailure(deps, entry, error, policy);
  }
  await holding.release();
  // Soon where the store can (with the next command's statement: issue 13), else now.
  if (deps.store.settleSentSoon) deps.store.settleSentSoon(id, deps.clock.now());
  else await deps.store.autocommit((tx) => tx.settleOutbox(id, 'sent', deps.clock.now()));
  return { outcome: 'sent' };
}

/**
 * Renews the entry's lease every third of it while the attempt runs, so a platform slower
 * than the lease never has the entry taken by another worker mid-call (and sent twice);
 * up to `maxAttemptMs`, after which a call that never returns lets the entry go.
 */
function holdLease(deps: AppDeps, entry: OutboxEntry, policy: DeliveryPolicy): { release(): Promise<void> } {
  const started = Date.now();
  let renewing: Promise<unknown> | undefined;
  const handle = setInterval(
    () => {
      if (renewing) return;
      if (Date.now() - started >= policy.maxAttemptMs) {
        clearInterval(handle);
        deps.logger.warn(
          { entry: entry.id, platform: entry.platform, maxAttemptMs: policy.maxAttemptMs },
          'delivery is taking too long; its lease is left to lapse, so it may be sent again',
        );
        return;
      }
      const until = new Date(deps.clock.now().getTime() + policy.leaseMs);
      renewing = deps.store
        .autocommit((tx) => tx.renewOutboxLease(entry.id, entry.attempts, until))
        .then(
          (held) => {
            if (!held) clearInterval(handle); // settled or taken over: nothing left to hold
          },
          (error: unknown) =>
            deps.logger.warn({ err: error, entry: entry.id }, 'could not renew a delivery lease'),
        )
        .finally(() => (renewing = undefined));
    },
    Math.max(1, Math.floor(policy.leaseMs / 3)),
  );
  handle.unref();
  return {
    async release() {
      clearInterval(handle);
      await renewing;
    },
  };
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

async function settleFailure(
  deps: AppDeps,
  entry: OutboxEntry,
  error: unknown,
  policy: DeliveryPolicy,
): Promise<DeliveryResult> {
  const reason = error instanceof Error ? error.message : String(error);
  const permanent = error instanceof PlatformError && error.permanent;
  const fields = { err: error, entry: entry.id, platform: entry.platform, attempt: entry.attempts };
  if (!permanent && entry.attempts < policy.maxAttempts) {
    const at = new Date(deps.clock.now().getTime() + retryDelayMs(entry.attempts, error, policy));
    deps.logger.warn({ ...fields, retryAt: at.toISOString() }, 'delivery failed; will retry');
    await deps.store.autocommit((tx) => tx.retryOutbox(entry.id, at, reason));
    return { outcome: 'retry', at };
  }
  deps.logger.error(fields, 'delivery failed for good');
  if (!entry.reportFailure) {
    await deps.store.autocommit((tx) => tx.settleOutbox(entry.id, 'failed', deps.clock.now(), reason));
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
