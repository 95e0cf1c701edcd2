// An open-loop load generator: requests are sent at fixed times (rate r: one every 1/r s)
// whatever the server does, and each latency counts from the scheduled time, so a server
// that stalls is charged for the queue it causes (no coordinated omission).

import http from 'node:http';

export interface LoadResult {
  /** Latency of each answered request, ascending, ms. */
  latencies: number[];
  /** Requests that failed, answered with a status other than 200, or were refused as busy. */
  errors: number;
  /** Requests per second actually completed. */
  achieved: number;
}

export interface LoadOptions {
  url: string;
  rate: number;
  seconds: number;
  /** The i-th request's body and headers (signed at send time). */
  request: (i: number) => { body: string; headers: Record<string, string> };
  /** Called with the request's index and scheduled time (performance.now() clock) when it is sent. */
  onSend?: (i: number, scheduledAt: number) => void;
  /** Called with the request's index when it failed or was refused (not counted as answered). */
  onError?: (i: number) => void;
}

export async function openLoop(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  let errors = 0;
  let done = 0;
  const started = performance.now();
  let finishedAt = started;
  await new Promise<void>((resolve) => {
    let next = 0;
    const finish = () => {
      done++;
      if (done === total) {
        finishedAt = performance.now();
        resolve();
      }
    };
    const send = (i: number, scheduledAt: number) => {
      const { body, headers } = options.request(i);
      options.onSend?.(i, scheduledAt);
      const req = http.request(
        {
          agent,
          method: 'POST',
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            // A busy answer (Handoff's front past its limit: a 200 for a command, with
            // retry-after) ran nothing: it counts as an error, not as a fast ack.
            if (res.statusCode === 200 && res.headers['retry-after'] === undefined)
              latencies.push(performance.now() - scheduledAt);
            else {
              errors++;
              options.onError?.(i);
            }
            finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        options.onError?.(i);
        finish();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (next < total && started + next * interval <= now) {
        send(next, started + next * interval);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.min(1, started + next * interval - now)));
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, errors, achieved: latencies.length / ((finishedAt - started) / 1000) };
}
