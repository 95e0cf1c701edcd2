// An error as one short log line: its name, message and causes, never its own properties.
// A logger's error serializer copies every property, and some errors carry the whole
// request (Bolt's HTTPReceiverDeferredRequestError holds req and res: headers, cookies).

const MAX_LENGTH = 300;

export function errorLine(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 3; depth++) {
    parts.push(
      current instanceof Error
        ? `${current.name}: ${current.message}`
        : typeof current === 'string'
          ? current
          : typeof current,
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' ← caused by ').replace(/\s+/g, ' ').slice(0, MAX_LENGTH);
}
