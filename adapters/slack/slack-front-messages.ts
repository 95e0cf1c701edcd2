// What the HTTP front thread (slack-front-thread.ts) and the main thread say to each other.
// The front holds PORT: it reads, verifies and parses Slack's requests and acknowledges
// them itself, so an ack never waits behind a command the main thread is running (issue 13).

/** A verified, parsed Slack request, handed to Bolt on the main thread. */
export interface ForwardedDelivery {
  /** The body's bytes as Slack sent them. */
  body: Uint8Array;
  /**
   * The headers Bolt's receiver reads: content-type (the bare media type, which Bolt
   * compares with ===), x-slack-retry-num and x-slack-retry-reason when Slack sent them.
   */
  headers: Record<string, string>;
}

/** How a delivery that waits for the main thread's ack (a modal's submission) is answered. */
export interface FrontAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export type FromFront =
  /** threadId: the thread's kernel id (Linux), so the others can yield to it. */
  | { type: 'listening'; port: number; threadId: number | undefined }
  | { type: 'failed'; code: string | undefined; message: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; fields: object; message: string }
  /** answerId: set when the request's answer waits for an `answer` message. */
  | { type: 'delivery'; delivery: ForwardedDelivery; answerId?: number }
  | { type: 'synced'; n: number }
  | { type: 'closed' };

export type ToFront =
  | { type: 'ready'; botUserId: string | undefined }
  | ({ type: 'answer'; answerId: number } & FrontAnswer)
  | { type: 'sync'; n: number }
  /** One delivery handed over has been handled (the front counts what is outstanding). */
  | { type: 'handled' }
  | { type: 'close' };

export interface FrontWorkerData {
  port: number;
  host: string | undefined;
  /** The main thread's own server on 127.0.0.1, for every path that is not Slack's. */
  innerPort: number;
  path: string;
  signingSecret: string;
  /** How long a waiting request may wait for the main thread's ack (Bolt's: 3001 ms). */
  answerTimeoutMs: number;
  /** Deliveries handed to the main thread at most at once; the others wait their turn in the front. */
  window: number;
  /** Deliveries acknowledged and not yet handled past which the front answers "busy". */
  maxOutstanding: number;
}
