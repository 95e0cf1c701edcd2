// The requests being handled right now, so stop() can drain them and tests can wait for
// the work behind an acknowledgement (Slack gets its ack first; the work follows).

export class InFlight {
  private readonly work = new Set<Promise<unknown>>();
  private readonly settledListeners: Array<() => void> = [];

  /** How many are being handled now. */
  get size(): number {
    return this.work.size;
  }

  /** Calls `listener` each time one has been handled. */
  onSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  /** Tracks `promise` until it settles, and passes on its outcome. */
  async track<T>(promise: Promise<T>): Promise<T> {
    this.work.add(promise);
    try {
      return await promise;
    } finally {
      this.work.delete(promise);
      for (const listener of this.settledListeners) listener();
    }
  }

  /** Resolves once nothing is in flight for two event-loop turns in a row. */
  async idle(): Promise<void> {
    // A listener may start a turn after its ack reached the sender; one quiet turn is not enough.
    for (let quiet = 0; quiet < 2;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.work.size === 0) quiet++;
      else {
        quiet = 0;
        await Promise.allSettled([...this.work]);
      }
    }
  }
}
