// How the terminal chat prints: one block per message, who it is for, clearly.

import { visibleControlCharacters } from '../../src/commands/index.ts';

export function clockStamp(at: Date): string {
  return `[${at.toISOString().slice(11, 16)}]`;
}

/** "[08:00] Handoff → Dana: first line" with continuation lines indented under the text. */
export function formatMessage(at: Date, header: string, text: string): string {
  // Everything printed passes here: a control character shows as \u001b and is never obeyed
  // by the terminal, whatever the core, the directory or the person typing let through.
  const [first = '', ...rest] = visibleControlCharacters(text).split('\n');
  const prefix = `${clockStamp(at)} ${visibleControlCharacters(header)}: `;
  const indent = ' '.repeat(8);
  return [prefix + first, ...rest.map((line) => indent + line)].join('\n');
}
