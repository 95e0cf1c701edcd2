// The platform references of the Store port on Prisma (see ports.ts): one row per
// (platform, key), its value an adapter's JSON. Every method runs on the caller's transaction.

import type { PlatformRefRows, PlatformRefValue } from '../app/ports.ts';
import type { Prisma } from './generated/client.ts';

function toValue(json: Prisma.JsonValue): PlatformRefValue {
  // Written only by savePlatformRef / insertPlatformRef, always from an object.
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as PlatformRefValue) : {};
}

export function prismaPlatformRefMethods(tx: Prisma.TransactionClient): PlatformRefRows {
  return {
    async loadPlatformRef(platform, key) {
      const row = await tx.platformRef.findUnique({ where: { platform_key: { platform, key } } });
      return row ? toValue(row.value) : null;
    },
    async savePlatformRef(platform, key, value, at) {
      const json = value as Prisma.InputJsonObject;
      await tx.platformRef.upsert({
        where: { platform_key: { platform, key } },
        create: { platform, key, value: json, updatedAt: at },
        update: { value: json, updatedAt: at },
      });
    },
    async insertPlatformRef(platform, key, value, at) {
      // ON CONFLICT DO NOTHING: of two processes racing to post a status, one wins.
      const { count } = await tx.platformRef.createMany({
        data: [{ platform, key, value: value as Prisma.InputJsonObject, updatedAt: at }],
        skipDuplicates: true,
      });
      return count === 1;
    },
    async deletePlatformRef(platform, key) {
      await tx.platformRef.deleteMany({ where: { platform, key } });
    },
  };
}
