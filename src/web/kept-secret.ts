// A secret made once and kept in the data folder, so what it signs or opens (the owner's
// link, Accept / Decline links in e-mails) survives a restart. Only the account running
// Handoff may read the file (0600).

import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../domain/errors.ts';

export interface KeptSecretSpec {
  /** The file's name in the data folder. */
  name: string;
  /** What it is, for the message when the file is empty: "owner token". */
  what: string;
  make: () => string;
}

/** The secret in `<dataDir>/<name>`, made on first use. */
export async function keptSecret(
  dataDir: string,
  spec: KeptSecretSpec,
): Promise<{ secret: string; file: string }> {
  const file = path.join(dataDir, spec.name);
  const kept = await readSecret(file);
  if (kept) return { secret: kept, file };
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write their own secret.
    await writeFile(file, `${spec.make()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  const secret = await readSecret(file);
  if (!secret) throw new ValidationError(`${file} is empty; delete it and Handoff makes a new ${spec.what}.`);
  return { secret, file };
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
