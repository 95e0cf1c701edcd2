// The main thread's side of the HTTP front thread (slack-front-thread.ts says why it
// exists): starts it on PORT, hands what it forwards to the Slack adapter, answers the
// requests that wait (modals), and stops it so that nothing it acknowledged is lost.

import { Worker } from 'node:worker_threads';
import { keepSmallHeap } from '../../src/bin/small-heap.mjs';
import { MAX_OUTSTANDING } from './busy-gate.ts';
import type { Logger } from '../../src/app/ports.ts';
import type {
  ForwardedDelivery,
  FrontAnswer,
  FromFront,
  FrontWorkerData,
  ToFront,
} from './slack-front-messages.ts';

/** What the Slack adapter offers the front (SlackAdapter.front, HTTP mode only). */
export interface SlackFrontTarget {
  path: string;
  signingSecret: string;
  /**
   * Runs one forwarded delivery through Bolt; `answer` is set when the request waits for the
   * ack. A promise, if returned, settles once the delivery is handled (the front counts it
   * outstanding until then); nothing returned: handled at once.
   */
  receive(delivery: ForwardedDelivery, answer?: (answer: FrontAnswer) => void): void | Promise<void>;
  /** Calls back once Bolt is started (at once if it is): the front answers 503 until then. */
  onReady(listener: (botUserId: string | undefined) => void): void;
  /** Resolves once the deliveries received so far are handled. */
  idle(): Promise<void>;
}

export interface SlackFront {
  /** The port the front listens on (the one asked for, or the one given for 0). */
  port: number;
  /** The front thread's kernel id (Linux), for the other threads to yield to it. */
  threadId: number | undefined;
  /** Resolves once every request the front acknowledged so far is handled. */
  settled(): Promise<void>;
  /** Stops taking requests, then waits for those already acknowledged. */
  close(): Promise<void>;
}

export interface SlackFrontOptions {
  port: number;
  host?: string | undefined;
  /** The main thread's server on 127.0.0.1 that serves every other path. */
  innerPort: number;
  target: SlackFrontTarget;
  logger: Logger;
  answerTimeoutMs?: number;
  /** Deliveries handed to the main thread at most at once (default MAIN_THREAD_WINDOW). */
  window?: number;
  /** Deliveries outstanding past which Slack is told the bot is busy (default MAX_OUTSTANDING). */
  maxOutstanding?: number;
  /**
   * The thread ended while serving. Default: throw it from a callback of its own, so the
   * process guard stops the process (exit 1) rather than let it run deaf.
   */
  onCrash?: (error: Error) => void;
  /** The thread's entry; tests give one that fails on purpose. */
  entry?: URL;
}

const WORKER = new URL('./slack-front-worker.mjs', import.meta.url);
/** Bolt's own limit for an unacknowledged request. */
const ANSWER_TIMEOUT_MS = 3_001;
const CLOSE_TIMEOUT_MS = 5_000;
/**
 * The main thread is handed at most this many deliveries at once; the others wait their turn
 * in the front, in its JavaScript heap. Before 2026-12-04 it was handed all of them: a burst
 * became as many commands running at once, their queries and answers interleaved, and
 * glibc kept the arenas they grew. 32 is several times what 200 requests a second keep in
 * flight (a command takes a few milliseconds, its answer a few more). PGlite, after 3 s at
 * 2,400 requests a second and its backlog, two runs each: 191.9/190.6 MB with the window,
 * 220.3/226.2 MB without it, and fewer of the burst refused (5,297/5,293 against 6,047/5,612).
 */
export const MAIN_THREAD_WINDOW = 32;

const throwFromCallback = (error: Error) =>
  setImmediate(() => {
    throw error;
  });

/** A listen failure with the code of the socket's error (EADDRINUSE …), as `listen` gives it. */
function listenError(failure: Extract<FromFront, { type: 'failed' }>): NodeJS.ErrnoException {
  return Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
}

export function startSlackFront(options: SlackFrontOptions): Promise<SlackFront> {
  const { target, logger } = options;
  const workerData: FrontWorkerData = {
    port: options.port,
    host: options.host,
    innerPort: options.innerPort,
    path: target.path,
    signingSecret: target.signingSecret,
    answerTimeoutMs: options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
    window: options.window ?? MAIN_THREAD_WINDOW,
    maxOutstanding: options.maxOutstanding ?? MAX_OUTSTANDING,
  };
  const worker = new Worker(options.entry ?? WORKER, { workerData });
  // Its isolate resets the young generation's growth for the whole process (small-heap.mjs).
  keepSmallHeap(worker);
  const onCrash = options.onCrash ?? throwFromCallback;
  const tell = (message: ToFront) => worker.postMessage(message);
  const handled = () => tell({ type: 'handled' });
  let syncs = 0;
  const synced = new Map<number, () => void>();
  let closed: (() => void) | undefined;
  let stopping = false;

  return new Promise<SlackFront>((resolve, reject) => {
    let listening = false;
    worker.on('message', (message: FromFront) => {
      switch (message.type) {
        case 'listening':
          listening = true;
          target.onReady((botUserId) => tell({ type: 'ready', botUserId }));
          return resolve(front(message.port, message.threadId));
        case 'failed':
          void worker.terminate();
          return reject(listenError(message));
        case 'log':
          return logger[message.level](message.fields, message.message);
        case 'delivery': {
          const { answerId } = message;
          const answer =
            answerId === undefined
              ? undefined
              : (answered: FrontAnswer) => tell({ type: 'answer', answerId, ...answered });
          return void Promise.resolve(target.receive(message.delivery, answer)).then(handled, handled);
        }
        case 'synced':
          synced.get(message.n)?.();
          synced.delete(message.n);
          return;
        case 'closed':
          return closed?.();
      }
    });
    worker.on('error', (error) => {
      if (!listening) return reject(error);
      logger.error({ error: error.message }, 'the HTTP front thread failed');
    });
    worker.on('exit', (code) => {
      if (stopping) return;
      if (!listening) return reject(new Error(`The HTTP front thread exited with code ${code}.`));
      onCrash(
        new Error(`The HTTP front thread stopped (exit code ${code}); Slack and the pages are unreachable.`),
      );
    });
  });

  function front(port: number, threadId: number | undefined): SlackFront {
    const settled = async () => {
      const n = ++syncs;
      await new Promise<void>((resolve) => {
        synced.set(n, resolve);
        tell({ type: 'sync', n });
      });
      await target.idle();
    };
    return {
      port,
      threadId,
      settled,
      async close() {
        if (stopping) return;
        stopping = true;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            closed = resolve;
            tell({ type: 'close' });
          }),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
        ]);
        clearTimeout(timer);
        await worker.terminate();
        await target.idle();
      },
    };
  }
}
