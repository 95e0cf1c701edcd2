// Signed Slack requests sent one at a time, each waiting for its own answer at its
// response_url on the fake Slack: what a person at the keyboard sees, so a bench can count
// commands completed, not only acknowledged.

import http from 'node:http';
import type { FakeSlack } from '../../test/fakes/slack/fake-slack.ts';
import { slashCommand, type SignedRequest } from './slack-requests.ts';

export interface Sent {
  /** HTTP status of the ack. */
  status: number;
  /** Send → ack, ms. */
  ackMs: number;
}

export interface Answered extends Sent {
  /** The text posted to response_url; undefined when none came in time. */
  text: string | undefined;
  /** Send → answer at response_url, ms. */
  answerMs: number;
}

export class SlackSession {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  private readonly waiting = new Map<string, (text: string) => void>();
  private readonly early = new Map<string, string>();
  private sequence = 0;

  constructor(
    private readonly fake: FakeSlack,
    private readonly url: string,
    private readonly answerTimeoutMs = 30_000,
  ) {
    // Each answer resolves whoever waits on its id (or is kept for one who has not begun to).
    const push = fake.responses.push.bind(fake.responses);
    fake.responses.push = (...items) => {
      for (const r of items) {
        const text = String(r.body.text ?? '');
        const resolve = this.waiting.get(r.id);
        if (resolve) resolve(text);
        else this.early.set(r.id, text);
      }
      return push(...items);
    };
  }

  /** A fresh response_url id, so each answer is told apart. */
  nextId(label: string): string {
    return `${label}-${++this.sequence}`;
  }

  /** POSTs `request` to `url` (the session's by default); resolves with the ack. */
  send(request: SignedRequest, headers: Record<string, string> = {}, url = this.url): Promise<Sent> {
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(
        url,
        {
          agent: this.agent,
          method: 'POST',
          headers: { ...request.headers, ...headers, 'content-length': Buffer.byteLength(request.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ackMs: performance.now() - started }));
        },
      );
      req.on('error', () => resolve({ status: 0, ackMs: performance.now() - started }));
      req.end(request.body);
    });
  }

  /** The answer posted to response_url `id`, or undefined after the timeout. */
  answer(id: string): Promise<string | undefined> {
    const early = this.early.get(id);
    if (early !== undefined) return Promise.resolve(early);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, this.answerTimeoutMs).unref();
      this.waiting.set(id, (text) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(text);
      });
    });
  }

  /** `/incident <text>` typed by `user`: the ack, then the answer. */
  async command(user: string, text: string): Promise<Answered> {
    const id = this.nextId('cmd');
    const started = performance.now();
    const answer = this.answer(id);
    const sent = await this.send(slashCommand(this.fake, user, text, id));
    const answered = sent.status === 200 ? await answer : undefined;
    return { ...sent, text: answered, answerMs: performance.now() - started };
  }

  close(): void {
    this.agent.destroy();
  }
}
