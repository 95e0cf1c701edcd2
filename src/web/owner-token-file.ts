// The owner token when OWNER_TOKEN is not set: made once and kept in the data folder, so
// the owner's link and every client link (keyed from it) survive a restart. Only the
// account running Handoff may read the file (0600): the token opens every incident.

import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../domain/errors.ts';
import { generateOwnerToken } from './access.ts';

export const OWNER_TOKEN_FILE = 'owner-token';

/** The token kept in `<dataDir>/owner-token`, made on first use. */
export async function ownerTokenFromFolder(dataDir: string): Promise<{ token: string; file: string }> {
  const file = path.join(dataDir, OWNER_TOKEN_FILE);
  const kept = await readToken(file);
  if (kept) return { token: kept, file };
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write their own token.
    await writeFile(file, `${generateOwnerToken()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const token = await readToken(file);
  if (!token) throw new ValidationError(`${file} is empty; delete it and Handoff makes a new owner token.`);
  return { token, file };
}

async function readToken(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
