// Slack Web API failures in our own words. `describeError` is the one function that turns
// any error into the ephemeral text a person sees: plain words, never a stack trace.

import { webApi } from './bolt-parts.ts';
import { HandoffError, PlatformError, toHandoffError } from '../../src/domain/errors.ts';

const { ErrorCode } = webApi;

/** Slack's `error` string for an ok:false answer, or the kind of failure otherwise. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const e = error as { code: unknown; data?: { error?: unknown } };
  if (e.code === ErrorCode.PlatformError) return String(e.data?.error ?? 'unknown_error');
  if (e.code === ErrorCode.RateLimitedError) return 'ratelimited';
  if (e.code === ErrorCode.RequestError) return 'unreachable';
  if (e.code === ErrorCode.HTTPError) return 'http_error';
  return undefined;
}

// Answers Slack documents as "try again later"; anything else will not get better by itself.
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

export function isTransient(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && (TRANSIENT.has(code) || code === 'unreachable' || code === 'http_error');
}

/** Wraps a Web API failure as a PlatformError saying what we were doing. */
export function platformError(doing: string, error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const code = slackErrorCode(error);
  const why =
    code === 'ratelimited'
      ? 'Slack asked us to slow down (rate limited) and kept refusing'
      : code === 'unreachable' || code === 'http_error'
        ? "Slack didn't answer"
        : `Slack said "${code ?? 'unknown error'}"`;
  return new PlatformError(`I couldn't ${doing}: ${why}.`, { cause: error });
}

// Answers that no retry will change, in the words the coordinator reads on the timeline.
const PERMANENT: Record<string, string> = {
  user_not_found: 'not in the Slack workspace',
  users_not_found: 'not in the Slack workspace',
  account_inactive: 'their Slack account is deactivated',
  user_disabled: 'their Slack account is deactivated',
  channel_not_found: 'the incident channel is gone',
  is_archived: 'the incident channel is archived',
  not_in_channel: 'Handoff is not in the incident channel',
  missing_scope: 'Handoff lacks a Slack permission (missing_scope)',
  not_authed: 'Handoff is not signed in to Slack',
  invalid_auth: 'Handoff is not signed in to Slack',
  cannot_dm_bot: 'that is a bot, which cannot be messaged',
  restricted_action: "the Slack workspace's settings do not allow it (restricted_action)",
};

/**
 * A delivery's failure as the outbox reads it: permanent (settled failed with this reason),
 * or worth another try later, after Slack's Retry-After when it gave one.
 */
export function deliveryError(error: unknown): PlatformError {
  const code = slackErrorCode(error);
  const permanent = code !== undefined ? PERMANENT[code] : undefined;
  if (permanent) return new PlatformError(permanent, { cause: error, permanent: true });
  const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
  const retryAfterMs = typeof retryAfter === 'number' ? retryAfter * 1_000 : undefined;
  const why =
    code === 'unreachable' || code === 'http_error'
      ? "Slack didn't answer"
      : `Slack said "${code ?? String(error)}"`;
  return new PlatformError(why, { cause: error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

// conversations.invite's answers about one user rather than the call (one per user in `errors`).
const PER_USER_INVITE = new Set([
  'user_not_found',
  'users_not_found',
  'cant_invite',
  'cant_invite_self',
  'user_is_restricted',
  'user_is_ultra_restricted',
  'user_disabled',
  'user_is_bot',
  'already_in_channel',
]);

/**
 * Who conversations.invite refused, by user, from a failed call: the per-user `errors` Slack
 * returns with force=true, or the one error of a call for one user. Undefined when the call
 * itself failed (channel gone, Slack down): then nobody's fate is known.
 */
export function inviteRefusals(error: unknown, users: string[]): Map<string, string> | undefined {
  const data = (error as { data?: { errors?: unknown } } | null)?.data;
  if (Array.isArray(data?.errors)) {
    const refusals = new Map<string, string>();
    for (const e of data.errors as Array<{ user?: unknown; error?: unknown }>) {
      if (typeof e.user === 'string' && typeof e.error === 'string') refusals.set(e.user, e.error);
    }
    return refusals;
  }
  const code = slackErrorCode(error);
  if (users.length === 1 && code && PER_USER_INVITE.has(code)) return new Map([[users[0]!, code]]);
  return undefined;
}

/** Why someone is not in the incident channel, in the words the coordinator reads on the timeline. */
export function notInvitedReason(code: string): string {
  return (
    PERMANENT[code] ??
    `could not be added to the incident channel (Slack said "${code}"), so they get direct messages instead`
  );
}

/** The one place an error becomes the words a Slack user reads. */
export function describeError(error: unknown): string {
  if (error instanceof HandoffError) return error.message;
  if (slackErrorCode(error) !== undefined) return platformError('finish that in Slack', error).message;
  return toHandoffError(error).message;
}

/** Runs `call`, retrying Slack's transient errors a few times; 429 is already retried by the WebClient. */
export async function withRetries<T>(attempts: number, delayMs: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}
