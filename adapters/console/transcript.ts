// How the terminal chat prints: one block per message, who it is for, clearly.

import { visibleControlCharacters } from '../../src/commands/index.ts';
import { DEFAULT_TIME_ZONE, formatClock } from '../../src/domain/time-zone.ts';
import { renderTerminalMarkdown, type TerminalStyle } from './terminal-markdown.ts';

/** The time of day in the provider's zone (the console says which zone once, at start). */
export function clockStamp(at: Date, zone = DEFAULT_TIME_ZONE): string {
  return `[${formatClock(at, zone)}]`;
}

/**
 * "[08:00] Handoff → Dana: first line" with continuation lines indented under the text.
 * With `markdown`, the text is the bot's Markdown, shown for the terminal (what people type
 * is printed as they typed it).
 */
export function formatMessage(
  at: Date,
  header: string,
  text: string,
  zone?: string,
  markdown?: TerminalStyle,
): string {
  // Everything printed passes here: a control character shows as \u001b and is never obeyed
  // by the terminal, whatever the core, the directory or the person typing let through.
  // Markdown is rendered after that, so its ANSI codes are the only ones that get through.
  const visible = visibleControlCharacters(text);
  const [first = '', ...rest] = (markdown ? renderTerminalMarkdown(visible, markdown) : visible).split('\n');
  const prefix = `${clockStamp(at, zone)} ${visibleControlCharacters(header)}: `;
  const indent = ' '.repeat(8);
  return [prefix + first, ...rest.map((line) => indent + line)].join('\n');
}
