// Slack's edges (signatures, retries, buttons, people, failures) again, taken as server mode
// takes them: through the HTTP front thread.

import { serveThroughFront } from './slack-world.ts';

serveThroughFront();
await import('./slack-edges.test.ts');
