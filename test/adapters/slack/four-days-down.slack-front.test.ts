// The "four days down" story from Slack again, taken as server mode takes it: every request
// read, verified and acknowledged by the HTTP front thread, then handed to Bolt on this one
// (the modal's submission waits there for its ack, with the form's errors).

import { serveThroughFront } from './slack-world.ts';

serveThroughFront();
await import('./four-days-down.slack.test.ts');
