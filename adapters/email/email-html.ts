// The HTML part of an e-mail: the same blocks as the text part, every piece of text
// escaped (titles, notes and names are typed by people), web links made clickable and
// the answer links shown as two buttons. Inline styles only: mail clients drop <style>.

import { ANSWER_HINT, type EmailBlock } from './email-blocks.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// A web address inside a line (a client's read-only page); punctuation that ends a sentence
// is left outside the link.
const WEB_ADDRESS = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

const BODY = 'font-family: -apple-system, Segoe UI, Helvetica, Arial, sans-serif; color: #1f2328;';
const PARAGRAPH = 'margin: 0 0 10px; line-height: 1.5;';
const BUTTON =
  'display: inline-block; padding: 8px 18px; margin-right: 8px; border-radius: 6px; color: #ffffff; text-decoration: none; font-weight: 600;';
const FOOTER =
  'margin: 24px 0 0; padding-top: 8px; border-top: 1px solid #d0d7de; color: #59636e; font-size: 13px;';

export function renderHtml(title: string, blocks: EmailBlock[]): string {
  const body = blocks.map(blockHtml).join('\n');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${BODY}">`,
    body,
    '</body></html>',
    '',
  ].join('\n');
}

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case 'line':
      return block.text === '' ? '' : `<p style="${PARAGRAPH}">${linkified(block.text)}</p>`;
    case 'answer':
      return [
        `<p style="margin: 16px 0 8px;">`,
        button('Accept', block.accept, '#1a7f37'),
        button('Decline', block.decline, '#cf222e'),
        '</p>',
        `<p style="${PARAGRAPH} color: #59636e; font-size: 13px;">${escapeHtml(ANSWER_HINT)}</p>`,
      ].join('\n');
    case 'footer':
      return `<p style="${FOOTER}">${escapeHtml(block.text)}</p>`;
  }
}

function button(label: string, url: string, colour: string): string {
  return `<a href="${escapeHtml(url)}" style="${BUTTON} background: ${colour};">${label}</a>`;
}

/** The line escaped, its web addresses as links (escaped too: the address is text someone typed). */
function linkified(text: string): string {
  let html = '';
  let from = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const url = match[0];
    html += escapeHtml(text.slice(from, match.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    from = match.index + url.length;
  }
  return html + escapeHtml(text.slice(from));
}
