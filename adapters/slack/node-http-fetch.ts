// The `fetch` Slack's clients call (issue 13): Bolt answers every slash command at its
// response_url, and the Web API client posts every delivery, through `clientOptions.fetch`,
// else the global fetch. Node 20's global fetch (undici) builds WHATWG streams and
// transferable objects for every request: profiled in `handoff serve` at 100 status
// requests a second, it took about 12 % of the main thread, most of it for one small JSON
// POST and its small JSON answer. This one is a plain node:http(s) request on a keep-alive
// agent, with the answer read whole: Slack's answers are small JSON documents.
//
// Only what Bolt 5 and @slack/web-api 8 use: POST or GET with a string, Buffer or
// URLSearchParams body, headers as an object or Headers, `signal` (the Web API client's
// timeout) and `redirect: 'error'`; and of the answer, status, ok, headers, url, text(),
// json() and arrayBuffer(). Anything else (a FormData upload) goes to the global fetch.

import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

type Init = NonNullable<Parameters<typeof fetch>[1]>;

/** An answer read whole, with the part of `Response` Slack's clients read. */
class ReadAnswer {
  readonly ok: boolean;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body.toString('utf8'));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.body;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}

function bodyOf(body: Init['body']): string | Buffer | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return false; // FormData, a stream, a Blob: left to the global fetch
}

function headersOf(init: Init['headers'], body: string | Buffer | undefined): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  new Headers(init).forEach((value, name) => (out[name] = value));
  if (body !== undefined) out['content-length'] = Buffer.byteLength(body);
  return out;
}

function request(url: URL, init: Init, body: string | Buffer | undefined): Promise<ReadAnswer> {
  const { signal } = init;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: init.method ?? 'GET',
      headers: headersOf(init.headers, body),
      agent: agents[url.protocol as keyof typeof agents],
    });
    // The signal's reason, as fetch rejects: a TimeoutError for AbortSignal.timeout.
    const abort = () => req.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    req.once('error', (error) => {
      done();
      reject(error);
    });
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      if (init.redirect === 'error' && status >= 300 && status < 400) {
        res.resume();
        done();
        reject(new TypeError(`fetch failed: redirected (${status}) with redirect: 'error'`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', (error) => {
        done();
        reject(error);
      });
      res.once('end', () => {
        done();
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, v);
        }
        resolve(new ReadAnswer(url.href, status, res.statusMessage ?? '', headers, Buffer.concat(chunks)));
      });
    });
    req.end(body);
  });
}

export const nodeHttpFetch = (async (input: Parameters<typeof fetch>[0], init: Init = {}) => {
  const body = bodyOf(init.body);
  if (body === false || input instanceof Request) return fetch(input, init);
  return request(new URL(input), init, body);
}) as typeof fetch;
