// Text handling for the blame guard: folding that keeps every character's offset (so a
// match can be quoted from what the person actually wrote), clauses, and word lists as regexes.

/** Lowercase, straight quotes, punctuation as spaces, same length as the input. */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const quote = /[\u2018\u2019\u02bc`]/.test(ch);
    const kept = quote ? "'" : /^[a-z0-9']$/.test(lower) ? lower : ' ';
    // Astral characters are two code units; pad so offsets still line up with the original.
    out += kept.padEnd(ch.length, ' ');
  }
  return out;
}

/** Lowercase, straight quotes, punctuation as spaces, single-spaced: "That’s a SERVER issue!" → "that's a server issue". */
export function normaliseForMatching(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}

export interface Clause {
  /** Offset of the clause in the original text. */
  start: number;
  original: string;
  folded: string;
  /** In a sentence that ends with a question mark: rhetorical shapes need one; "your end?" asks. */
  question: boolean;
}

/** Clauses split at sentence and clause punctuation: each is judged on its own. */
export function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  const boundary = /[.!?;:,\n()\u2014\u2013]+|\s-\s/g;
  let start = 0;
  for (const match of [...text.matchAll(boundary), null]) {
    const end = match ? match.index : text.length;
    const original = text.slice(start, end);
    // The sentence is the unit: in "Is the server on your side healthy, Sam?" every clause asks.
    const question = text.slice(end).match(/[.!?\n]/)?.[0] === '?';
    if (original.trim()) clauses.push({ start, original, folded: fold(original), question });
    if (match) start = match.index + match[0].length;
  }
  return clauses;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word list as a non-capturing alternation, longest first, spaces matching any run of spaces. */
export function alt(words: readonly string[]): string {
  const phrases = [...new Set(words.map(normaliseForMatching).filter(Boolean))];
  phrases.sort((a, b) => b.length - a.length);
  return `(?:${phrases.map((p) => p.split(' ').map(escape).join(' +')).join('|')})`;
}

/**
 * A verb list in the forms people write: "fix" is also "fixes", "fixed", "fixing";
 * "handle" is "handling"; "stop" is "stopping". Only the first word of a phrase varies.
 */
export function verbForms(verbs: readonly string[]): string {
  return alt(
    verbs.flatMap((phrase) => {
      const [verb = '', ...rest] = normaliseForMatching(phrase).split(' ');
      const stem = verb.endsWith('e') ? verb.slice(0, -1) : verb;
      const doubled = /[^aeiou][aeiou][bdgmnpt]$/.test(verb) ? verb + verb.at(-1) : verb;
      const forms = [
        verb,
        `${verb}s`,
        `${verb}es`,
        `${stem}ed`,
        `${stem}ing`,
        `${doubled}ing`,
        `${doubled}ed`,
      ];
      return forms.map((form) => [form, ...rest].join(' '));
    }),
  );
}

/** A regex for a shape: whole words only (no match inside "observer" or "hosting's"). */
export function wholeWords(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9'])${source}(?![a-z0-9])`);
}
