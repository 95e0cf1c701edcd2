// Slack's replay protection covers both sides of a 5-minute window, but Bolt 5.1 checks
// only the past (platform-facts.md): a request stamped in the future passes. This pure
// check runs before Bolt; Bolt then verifies the signature itself.

const WINDOW_SECONDS = 5 * 60;

/** True when the X-Slack-Request-Timestamp header is not more than 5 minutes ahead of `nowMs`. */
export function withinFutureWindow(timestampHeader: string | string[] | undefined, nowMs: number): boolean {
  const value = Array.isArray(timestampHeader) ? timestampHeader[0] : timestampHeader;
  // A missing or malformed header is Bolt's to refuse (401), with its own log line.
  if (value === undefined || !/^\d+$/.test(value)) return true;
  return Number(value) - Math.floor(nowMs / 1000) <= WINDOW_SECONDS;
}
