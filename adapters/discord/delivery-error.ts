// A Discord failure as the outbox reads it: permanent (settled failed, with words the
// coordinator reads on the timeline) or worth another try later, after Discord's
// retry_after when it gave one.

import { DiscordAPIError, RateLimitError } from 'discord.js';
import { PlatformError } from '../../src/domain/errors.ts';

// JSON error codes no retry will change (discord.com/developers/docs/topics/opcodes-and-status-codes).
// Missing Access (50001) and Missing Permissions (50013) are left to the retries on purpose:
// they are the server's settings for the bot as a whole, which an admin fixes, and then
// the deliveries still pending go out (test/adapters/discord/resilience.test.ts).
const PERMANENT: Record<number, string> = {
  10003: 'the incident thread is gone',
  10007: 'not in the server',
  10013: 'not a Discord user any more',
  50007: 'they do not accept direct messages',
  50083: 'the incident thread is archived',
};

export function discordDeliveryError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof RateLimitError) {
    return new PlatformError('Discord asked us to slow down', {
      cause: error,
      retryAfterMs: Math.max(error.retryAfter, error.timeToReset, error.sublimitTimeout),
    });
  }
  if (error instanceof DiscordAPIError) {
    const permanent = typeof error.code === 'number' ? PERMANENT[error.code] : undefined;
    if (permanent) return new PlatformError(permanent, { cause: error, permanent: true });
    return new PlatformError(`Discord answered ${error.status} (${error.code})`, { cause: error });
  }
  return new PlatformError("Discord didn't answer", { cause: error });
}
