// `node --import` this file: any import of Prisma's base64-embedded query compiler fails, so
// a process that still loads it (rather than the .wasm file) fails its first Prisma query.
import { register } from 'node:module';

const hook = `export async function load(url, context, next) {
  if (url.includes('wasm-base64')) throw new Error('the base64 query compiler was imported: ' + url);
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
