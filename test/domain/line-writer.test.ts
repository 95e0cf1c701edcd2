// The summary's lines go into one buffer as they are made (src/domain/line-writer.ts): the
// text must be exactly what joining them with newlines gives, whatever the characters.

import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../src/domain/line-writer.ts';

const written = (lines: string[]) => {
  const out = new LineWriter();
  out.lines(lines);
  return out.toString();
};

describe('a line writer', () => {
  it('separates lines with newlines, with none after the last', () => {
    expect(written([])).toBe('');
    expect(written([''])).toBe('');
    expect(written(['a', '', 'b'])).toBe('a\n\nb');
    expect(written(['', ''])).toBe('\n');
  });

  it('keeps every character: accents, arrows, CJK, emoji (two UTF-16 units)', () => {
    const lines = ['Dana → Sam', 'Jürgen ×2', '東京 site', 'done 🎉🚀', '"quoted" \\ back'];
    expect(written(lines)).toBe(lines.join('\n'));
  });

  it('grows past its first buffer, a line longer than it included', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `- H${i} step ${i % 50}, Dana → Sam: accepted 🎉`);
    lines.push('→'.repeat(40_000));
    expect(written(lines)).toBe(lines.join('\n'));
  });

  it('counts the lines it was given, so an empty section can say so', () => {
    const out = new LineWriter();
    expect(out.lines([])).toBe(0);
    expect(out.lines(['a', 'b'])).toBe(2);
  });
});
