// Past a limit of deliveries acknowledged and not yet handled, the bot has seconds of work
// queued: a request is refused rather than queued without bound (memory), in words a person
// reads where Slack shows them, and Slack sends an event it got 503 for again later. The ack
// thread counts what it acknowledged and the main thread has not finished
// (slack-front-thread.ts); with SLACK_ACK_THREAD=off the adapter counts Bolt's work in flight
// (slack-adapter.ts), which had no bound until 2026-12-04.

import type { ServerResponse } from 'node:http';
import type { Logger } from '../../src/app/ports.ts';
import { answer, type Delivery } from './slack-http-edge.ts';

/**
 * The ack thread acknowledges at once, so without a bound a burst beyond what the main thread
 * can run queues there without end: at 4,800 requests a second for 3 s (about 2 ms of CPU
 * each) PostgreSQL's process held 14,000 commands at once and kept 80 MB more resident
 * after it had caught up (glibc keeps the arenas the messages grew). A chat's real bursts
 * are a few dozen requests. The bound was 256 until 2026-12-04, about a second of work at
 * 200 requests a second: a busy neighbour on the core for a second and a half made the
 * front refuse 85–138 of 1,000 requests (thread-priority.ts); 1,024 rode that out in every run.
 */
export const MAX_OUTSTANDING = 1_024;

export const BUSY =
  'Handoff is busy with other requests right now, so this command was not run. Try it again in a minute.';

export interface BusyGate {
  /** True when the bot is too far behind: then `res` has been answered "busy". */
  refused(res: ServerResponse, delivery: Delivery): boolean;
  /** After each delivery handled: logs the end of an episode once the line is half as long. */
  handled(): void;
}

/** `outstanding`: deliveries acknowledged and not yet handled, now. */
export function createBusyGate(limit: number, outstanding: () => number, logger: Logger): BusyGate {
  let refused = 0;
  return {
    refused(res, delivery) {
      const now = outstanding();
      if (now < limit) return false;
      if (refused++ === 0) {
        logger.warn({ outstanding: now, limit }, 'slack requests refused: the bot is busy');
      }
      res.setHeader('retry-after', '5');
      // A slash command's 200 body is shown to the person who typed it; elsewhere Slack shows
      // its own error (a button, a form) or sends the event again later.
      if (delivery.input.kind === 'command') {
        answer(res, 200, JSON.stringify({ response_type: 'ephemeral', text: BUSY }), 'application/json');
      } else answer(res, 503, 'busy: try again later\n');
      return true;
    },
    handled() {
      if (refused > 0 && outstanding() <= limit / 2) {
        logger.info({ refused }, 'slack requests taken again');
        refused = 0;
      }
    },
  };
}
