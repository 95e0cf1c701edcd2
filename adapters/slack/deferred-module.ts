// A CommonJS package that another package requires at load time but uses only later, if at
// all, loaded when it is first used (issue 13: resident memory idle ≤ 150 MB). Bolt's
// receivers require @slack/socket-mode (and undici behind it: 110 modules) and @slack/oauth
// (jsonwebtoken and more) as they load, and touch them only to build a Socket Mode client
// or an installer, which a bot served over HTTP without OAuth never does.
//
// The package's entry in require's cache is a stand-in whose exports load the real package
// on first use and pass everything through to it; from then on the cache holds the real one.

import { Module } from 'node:module';

/** Defers `id` as `from` resolves it; nothing when it is loaded (or deferred) already. */
export function deferModule(from: NodeJS.Require, id: string): void {
  const file = from.resolve(id);
  const cache = from.cache;
  if (cache[file] !== undefined) return;
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      if (cache[file] === standIn) delete cache[file];
      real = from(id) as object;
    }
    return real;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(load(), key),
      has: (_, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      // The real exports are often non-configurable getters, which a proxy of an empty
      // target may not report as such.
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  cache[file] = standIn;
}
