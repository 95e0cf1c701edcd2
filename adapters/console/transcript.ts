// How the terminal chat prints: one block per message, who it is for, clearly.

export function clockStamp(at: Date): string {
  return `[${at.toISOString().slice(11, 16)}]`;
}

/** "[08:00] Handoff → Dana: first line" with continuation lines indented under the text. */
export function formatMessage(at: Date, header: string, text: string): string {
  const [first = '', ...rest] = text.split('\n');
  const prefix = `${clockStamp(at)} ${header}: `;
  const indent = ' '.repeat(8);
  return [prefix + first, ...rest.map((line) => indent + line)].join('\n');
}
