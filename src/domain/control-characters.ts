// Control characters in what people type or import (issue 10 §6). PostgreSQL refuses NUL
// and lone surrogates outright (a "Something went wrong" and a stack, not a message), and
// ESC/BEL sequences stored as typed are replayed raw to every terminal and chat that shows
// the incident: `\e]0;pwned\a` retitles a console, `\e[2J` wipes it. Newline and tab are
// ordinary text; everything else in C0, DEL and C1 has no business in a note or a title.

// C0 except tab (09) and line feed (0a); DEL and C1 (7f–9f); a surrogate on its own, which
// only a broken client or a hand-made JSON file produces (the `u` flag pairs valid ones).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|\p{Cs}/u;
const CONTROLS = new RegExp(CONTROL.source, 'gu');

// Terminal escape sequences (CSI `\e[2J`, OSC `\e]0;title\a`, and two-character escapes),
// removed whole when stripping, so no `[2J` residue is left behind in a room message.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])/gu;

// Line breaks that are not a line feed: CRLF and CR from Windows and old Mac clients, and the
// Unicode line and paragraph separators that word processors paste. They all mean "new
// line", and refusing a pasted note for its line endings would only annoy; so they become \n.
const OTHER_LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

/** The text with every kind of line break written as `\n`. */
export function normaliseLineBreaks(text: string): string {
  return text.replace(OTHER_LINE_BREAKS, '\n');
}

/** Where the first control character is (after line breaks are normalised), or undefined. */
export function findControlCharacter(text: string): { index: number; codePoint: string } | undefined {
  const match = CONTROL.exec(text);
  if (!match) return undefined;
  return { index: match.index, codePoint: codePointName(match[0]) };
}

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** "Titles can't contain control characters." for the field labelled `title`. */
export function controlCharactersMessage(label: string): string {
  const plural = /[^aeiou]y$/.test(label) ? `${label.slice(0, -1)}ies` : `${label}s`;
  return `${plural.charAt(0).toUpperCase()}${plural.slice(1)} can't contain control characters.`;
}

/** The text without escape sequences or control characters; line breaks normalised. */
export function stripControlCharacters(text: string): string {
  return normaliseLineBreaks(text).replace(ESCAPE_SEQUENCE, '').replace(CONTROLS, '');
}

/**
 * The text with each control character shown as a visible escape (`\u001b`), for echoing
 * something a person typed back to them, or printing to a terminal, without obeying it.
 */
export function visibleControlCharacters(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** "U+001B", the way Unicode charts name a character. */
export function codePointName(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
