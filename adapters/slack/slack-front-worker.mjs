// Entry of the HTTP front thread (slack-front-thread.ts). Plain JavaScript: a worker thread
// does not inherit its parent's TypeScript loader. Compiled (`.build/`), the thread's module
// sits beside this file as .js; run from the sources, tsx compiles it in this thread.
import { existsSync } from 'node:fs';

const compiled = new URL('./slack-front-thread.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  (await import('tsx/esm/api')).register();
  await import(new URL('./slack-front-thread.ts', import.meta.url).href);
}
