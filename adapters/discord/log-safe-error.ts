// What of an error may be logged (design §5.14: no secrets in logs). discord.js's
// DiscordAPIError and HTTPError carry the request's `url` and `requestBody`: for interaction
// callbacks and webhook edits the URL holds the interaction's token, which lets anyone
// answer as the bot for 15 minutes, and the body holds what the user typed. A logger's
// error serialiser copies every own property, so errors are reduced to safe fields first.

const TOKEN_IN_PATH = /(\/(?:interactions|webhooks)\/[^/?#\s]+\/)[^/?#\s]+/g;

/** Replaces the token in any /interactions/:id/:token or /webhooks/:id/:token path. */
export function scrubTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, '$1:token');
}

export interface SafeError {
  name: string;
  message: string;
  code?: string | number;
  status?: number;
  method?: string;
  url?: string;
  stack?: string;
  cause?: SafeError;
}

/** name, message, code, status, method, the URL without tokens, the stack, and the cause likewise. */
export function safeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { name: typeof error, message: scrubTokens(String(error)) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  const safe: SafeError = { name: e.name, message: scrubTokens(e.message) };
  if (typeof e.code === 'string' || typeof e.code === 'number') safe.code = e.code;
  if (typeof e.status === 'number') safe.status = e.status;
  if (typeof e.method === 'string') safe.method = e.method;
  if (typeof e.url === 'string') safe.url = scrubTokens(e.url);
  if (e.stack) safe.stack = scrubTokens(e.stack);
  // Wrapped errors (a PlatformError around a DiscordAPIError) keep their cause, scrubbed too;
  // the depth limit guards against a cause chain that loops.
  if (e.cause !== undefined && depth < 3) safe.cause = safeError(e.cause, depth + 1);
  return safe;
}
