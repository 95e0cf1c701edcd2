// The owner token when OWNER_TOKEN is not set: made once and kept in the data folder, so
// the owner's link and every client link (keyed from it) survive a restart. Only the
// account running Handoff may read the file (0600): the token opens every incident.

import { generateOwnerToken } from './access.ts';
import { keptSecret } from './kept-secret.ts';

export const OWNER_TOKEN_FILE = 'owner-token';

/** The token kept in `<dataDir>/owner-token`, made on first use. */
export async function ownerTokenFromFolder(dataDir: string): Promise<{ token: string; file: string }> {
  const { secret, file } = await keptSecret(dataDir, {
    name: OWNER_TOKEN_FILE,
    what: 'owner token',
    make: generateOwnerToken,
  });
  return { token: secret, file };
}
