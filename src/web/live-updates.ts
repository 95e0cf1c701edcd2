// Live pages (issue 7): the core calls `incidentChanged` after every committed change
// (compose this object into the Notifier), and every open page that shows that incident
// gets a server-sent event, refetches itself and swaps its content in place.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Notification, Notifier } from '../app/ports.ts';

interface Subscriber {
  res: ServerResponse;
  /** Whether this page shows the incident (a list page shows several). */
  wants(incidentNumber: number): Promise<boolean>;
}

/** Comments keep proxies and browsers from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000;

export class LiveUpdates implements Notifier {
  private readonly subscribers = new Set<Subscriber>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      for (const s of this.subscribers) if (!s.res.destroyed) s.res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.timer.unref();
  }

  /** Chat delivery is the chat adapters' job; the web only cares that something changed. */
  async notify(_notifications: Notification[]): Promise<void> {}

  async incidentChanged(incidentNumber: number): Promise<void> {
    const data = `event: changed\ndata: ${JSON.stringify({ incident: incidentNumber })}\n\n`;
    for (const s of [...this.subscribers]) {
      if (!(await s.wants(incidentNumber).catch(() => false))) continue;
      // The browser may have gone while we checked; its 'close' handler unsubscribes it.
      if (!s.res.writableEnded && !s.res.destroyed) s.res.write(data);
    }
  }

  /** Turns the response into an event stream until the browser goes away. */
  open(req: IncomingMessage, res: ServerResponse, wants: Subscriber['wants']): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
    const subscriber: Subscriber = { res, wants };
    this.subscribers.add(subscriber);
    req.on('close', () => this.subscribers.delete(subscriber));
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Ends every stream, so a server can close without waiting for browsers. */
  close(): void {
    clearInterval(this.timer);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }
}
