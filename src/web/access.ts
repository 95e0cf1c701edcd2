// Who may read what: the owner token opens everything; a client link opens one client's
// incidents, read-only. A client link is `/c/<org id>/<HMAC of the org id>`, keyed with
// LINK_SECRET or else a secret derived from the owner token, so links need no storage
// beyond that key, cannot be forged for another client, and all change when the key does. Comparisons hash both
// sides first and use timingSafeEqual, so neither length nor content leaks through timing.

import { createHmac, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OwnerScope } from '../app/owners.ts';

const LINK_CONTEXT = 'handoff client links v1';

export interface WebAccess {
  /** Path prefix of the owner's pages, e.g. `/o/<token>`. */
  ownerPrefix: string;
  clientPrefix(clientId: string): string;
  /** The scope a path prefix grants, and the rest of the path; undefined: no access. */
  resolve(
    path: string,
    isClient: (orgId: string) => boolean,
  ): { scope: OwnerScope; prefix: string; rest: string } | undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A fresh owner token for when OWNER_TOKEN is not set: 192 random bits. */
export function generateOwnerToken(): string {
  return randomBytes(24).toString('base64url');
}

export function createWebAccess(ownerToken: string, linkKey: string = ownerToken): WebAccess {
  const linkSecret = createHmac('sha256', linkKey).update(LINK_CONTEXT).digest();
  const signature = (clientId: string) =>
    createHmac('sha256', linkSecret).update(clientId).digest('base64url');
  const ownerPrefix = `/o/${encodeURIComponent(ownerToken)}`;
  return {
    ownerPrefix,
    clientPrefix: (clientId) => `/c/${encodeURIComponent(clientId)}/${signature(clientId)}`,
    resolve(path, isClient) {
      const parts = path.split('/');
      // parts[0] is '' (the path starts with '/').
      if (parts[1] === 'o' && parts[2] !== undefined) {
        if (!sameSecret(safeDecode(parts[2]), ownerToken)) return undefined;
        return { scope: { kind: 'owner' }, prefix: ownerPrefix, rest: `/${parts.slice(3).join('/')}` };
      }
      if (parts[1] === 'c' && parts[2] !== undefined && parts[3] !== undefined) {
        const clientId = safeDecode(parts[2]);
        if (!sameSecret(parts[3], signature(clientId)) || !isClient(clientId)) return undefined;
        return {
          scope: { kind: 'client', clientId },
          prefix: `/c/${encodeURIComponent(clientId)}/${parts[3]}`,
          rest: `/${parts.slice(4).join('/')}`,
        };
      }
      return undefined;
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
