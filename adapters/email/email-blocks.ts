// What the body of an e-mail is made of. The text part and the HTML part are both rendered
// from the same blocks, so they can never say different things.

export type EmailBlock =
  | { kind: 'line'; text: string }
  | { kind: 'answer'; accept: string; decline: string }
  | { kind: 'footer'; text: string };

/** Said under the answer links: a mail scanner may open them, so opening alone must change nothing. */
export const ANSWER_HINT =
  'Each link opens a page that asks you to confirm (Decline asks for your reason); nothing changes until you do. The links are yours alone and work once.';

export function renderText(blocks: EmailBlock[]): string {
  const lines = blocks.flatMap((b) => {
    if (b.kind === 'line') return [b.text];
    if (b.kind === 'answer') return [`Accept: ${b.accept}`, `Decline: ${b.decline}`, ANSWER_HINT];
    return ['', '-- ', b.text]; // "-- " is the signature separator: mail clients dim what follows
  });
  return `${lines.join('\n')}\n`;
}
