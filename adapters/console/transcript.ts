// How the terminal chat prints: one block per message, who it is for, clearly.

import { DEFAULT_TIME_ZONE, formatClock } from '../../src/domain/time-zone.ts';

/** The time of day in the provider's zone (the console says which zone once, at start). */
export function clockStamp(at: Date, zone = DEFAULT_TIME_ZONE): string {
  return `[${formatClock(at, zone)}]`;
}

/** "[08:00] Handoff → Dana: first line" with continuation lines indented under the text. */
export function formatMessage(at: Date, header: string, text: string, zone?: string): string {
  const [first = '', ...rest] = text.split('\n');
  const prefix = `${clockStamp(at, zone)} ${header}: `;
  const indent = ' '.repeat(8);
  return [prefix + first, ...rest.map((line) => indent + line)].join('\n');
}
