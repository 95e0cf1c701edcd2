// Turns the summary's Markdown (our own, small dialect: bold headings, "- " and "1. "
// items, indented continuation lines) into HTML. Every piece of text is escaped.

import { html, trusted, type Html } from './html.ts';

type Block =
  { kind: 'h' | 'p'; text: string } | { kind: 'ul' | 'ol'; items: Array<{ text: string; more: string[] }> };

function parse(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const line of markdown.split('\n')) {
    const last = blocks.at(-1);
    const heading = /^\*\*(.+)\*\*$/.exec(line);
    const bullet = /^- (.*)$/.exec(line);
    const numbered = /^\d+\. (.*)$/.test(line) ? line : undefined;
    if (!line.trim()) blocks.push({ kind: 'p', text: '' });
    else if (heading) blocks.push({ kind: 'h', text: heading[1]! });
    else if (bullet || numbered) {
      const kind = bullet ? 'ul' : 'ol';
      const item = { text: bullet ? bullet[1]! : numbered!, more: [] };
      if (last?.kind === kind) last.items.push(item);
      else blocks.push({ kind, items: [item] });
    } else if (/^\s+/.test(line) && (last?.kind === 'ul' || last?.kind === 'ol')) {
      last.items.at(-1)?.more.push(line.trim());
    } else blocks.push({ kind: 'p', text: line });
  }
  return blocks.filter((b) => b.kind !== 'p' || b.text !== '');
}

export interface MarkdownOptions {
  /** `h2` where the page has its own h1 and the sections are its outline; `h3` by default. */
  heading?: 'h2' | 'h3';
  /** Drop a first bold line: the page shows the same words as its h1. */
  dropTitle?: boolean;
}

export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): Html {
  const blocks = parse(markdown);
  if (options.dropTitle && blocks[0]?.kind === 'h') blocks.shift();
  const h = options.heading ?? 'h3';
  return html`${blocks.map((b) => {
    if (!('items' in b))
      return b.kind === 'h' ? html`<${trusted(h)}>${b.text}</${trusted(h)}>` : html`<p>${b.text}</p>`;
    const items = b.items.map(
      (i) => html`<li>${i.text}${i.more.map((m) => html`<br /><span class="empty">${m}</span>`)}</li>`,
    );
    // Numbered items keep their own numbers (step numbers), so the list shows them as text.
    return b.kind === 'ul'
      ? html`<ul>
          ${items}
        </ul>`
      : html`<ul class="steps">
          ${items}
        </ul>`;
  })}`;
}
