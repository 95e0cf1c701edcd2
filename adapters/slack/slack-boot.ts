// Boot-time checks: the bot token is tried once with auth.test, so a wrong token or an
// unreachable Slack stops start-up with a message saying how to fix it (design §5.5),
// instead of Bolt's own auth.test crashing the process later (notes/platform-facts.md).

import { App, LogLevel, webApi } from './bolt-parts.ts';
import type { Logger } from '../../src/app/ports.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import { slackErrorCode } from './slack-errors.ts';

type BoltLogger = NonNullable<NonNullable<ConstructorParameters<typeof App>[0]>['logger']>;

const TOKEN_REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export async function checkToken(
  token: string,
  apiUrl: string,
  logger: BoltLogger,
): Promise<{ botUserId: string; botId: string }> {
  // Few, quick retries: at boot a clear answer beats Bolt's half-hour default backoff.
  const probe = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    logger,
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 1, minTimeout: 500, maxTimeout: 500 },
  });
  try {
    const auth = await probe.auth.test();
    if (!auth.user_id || !auth.bot_id) {
      throw new PlatformError(
        'SLACK_BOT_TOKEN is not a bot token: auth.test named no bot. Use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions in your Slack app.',
      );
    }
    return { botUserId: auth.user_id, botId: auth.bot_id };
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    const code = slackErrorCode(error);
    if (code && TOKEN_REFUSED.has(code)) {
      throw new PlatformError(
        `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions in your Slack app; reinstall the app if you changed its scopes.`,
        { cause: error },
      );
    }
    throw new PlatformError(
      `Handoff can't reach Slack's Web API at ${apiUrl} (${code === 'unreachable' || !code ? 'no answer' : code}). Check the network, or SLACK_API_URL if you set it, then start again.`,
      { cause: error },
    );
  }
}

/** Bolt and the WebClient log through ours: one structured line each, at Bolt's level. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
      .join(' ');
  let level = LogLevel.INFO;
  return {
    debug: () => {},
    // Bolt's info lines ("Now connected…") are routine; they go out at our info level.
    info: (...parts: unknown[]) => logger.info({ source: 'slack' }, line(parts)),
    warn: (...parts: unknown[]) => logger.warn({ source: 'slack' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ source: 'slack' }, line(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
