// Turns the summary's Markdown (our own, small dialect: bold headings, "- " and "1. "
// items, indented continuation lines) into HTML. Every piece of text is escaped.

import { html, type Html } from './html.ts';

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

export function markdownToHtml(markdown: string): Html {
  return html`${parse(markdown).map((b) => {
    if (!('items' in b)) return b.kind === 'h' ? html`<h3>${b.text}</h3>` : html`<p>${b.text}</p>`;
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
