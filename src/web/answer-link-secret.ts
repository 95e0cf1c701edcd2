// The key of the Accept / Decline links in e-mails (issue 14): LINK_SECRET when set, else
// 32 random bytes made once and kept in the data folder (0600), so links sent before a
// restart still work after it. Deleting the file voids every link sent so far.

import { randomBytes } from 'node:crypto';
import { keptSecret } from './kept-secret.ts';

export const ANSWER_LINK_SECRET_FILE = 'answer-link-secret';

/** `file` is set when the secret came from (or was just written to) the data folder. */
export async function answerLinkSecret(options: {
  /** LINK_SECRET (config.web.linkSecret). */
  linkSecret?: string | undefined;
  /** HANDOFF_DATA_DIR (config.dataDir). */
  dataDir: string;
}): Promise<{ secret: string; file?: string }> {
  if (options.linkSecret) return { secret: options.linkSecret };
  return keptSecret(options.dataDir, {
    name: ANSWER_LINK_SECRET_FILE,
    what: 'answer-link secret',
    make: () => randomBytes(32).toString('base64url'),
  });
}
