// The core writes chat Markdown (**bold**, # headings, _emphasis_). A terminal has no
// Markdown: on a TTY it becomes ANSI bold and italics, anywhere else (a pipe, a transcript
// file) plain words, so nobody ever reads a literal ** or #.

const BOLD = ['\u001b[1m', '\u001b[22m'] as const;
const ITALIC = ['\u001b[3m', '\u001b[23m'] as const;

/** How to show emphasis: ANSI codes for a terminal, nothing for plain text. */
export interface TerminalStyle {
  ansi: boolean;
}

const wrap = (codes: readonly [string, string], text: string, style: TerminalStyle): string =>
  style.ansi ? `${codes[0]}${text}${codes[1]}` : text;

// Emphasis only where Markdown would see it: markers hugging words, with a space, a bracket
// or a line edge outside them, so ids like it_contact and sums like 2 * 3 stay as written.
const STRONG = /\*\*(?=\S)(.+?)(?<=\S)\*\*/g;
const EMPHASIS = /(^|[\s(["'])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\2(?=$|[\s).,:;!?"'\]])/g;

function renderInline(line: string, style: TerminalStyle): string {
  return line
    .replace(STRONG, (_, text: string) => wrap(BOLD, text, style))
    .replace(
      EMPHASIS,
      (_, before: string, _marker: string, text: string) => before + wrap(ITALIC, text, style),
    );
}

/** One line: a heading (#, ##, …) is bold without its hashes; the rest renders inline. */
function renderLine(line: string, style: TerminalStyle): string {
  const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return wrap(BOLD, (heading[1] ?? '').replace(/\*\*/g, ''), style);
  return renderInline(line, style);
}

/**
 * Markdown → terminal text. Run it on text whose control characters are already made
 * visible: the only escape codes in the result are the ones added here.
 */
export function renderTerminalMarkdown(text: string, style: TerminalStyle): string {
  return text
    .split('\n')
    .map((line) => renderLine(line, style))
    .join('\n');
}
