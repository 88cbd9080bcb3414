import { anySignal } from './abort-signals.js';

/** The `fetch` the client uses; injectable for tests or for runtimes that wrap it. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpAnswer {
  status: number;
  retryAfter: string | null;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  signal?: AbortSignal;
  /** Lets the request outlive the page (browsers; body ≤ 64 KiB). */
  keepalive?: boolean;
}

/**
 * Sends authenticated JSON requests to the gateway. An HTTP error status is an answer, not an
 * exception; only a failure to get an answer (network, timeout, abort) throws.
 */
export class HttpTransport {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly fetchFn: FetchLike,
    private readonly timeoutMs: number,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async send(request: HttpRequest): Promise<HttpAnswer> {
    const url = new URL(this.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new Error(`no answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    const combined = anySignal([request.signal, timeout.signal]);
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json',
      };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const response = await this.fetchFn(url.toString(), {
        method: request.method,
        headers,
        body: request.body,
        signal: combined.signal,
        keepalive: request.keepalive,
      });
      const text = await response.text();
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: parseJson(text),
      };
    } finally {
      clearTimeout(timer);
      combined.dispose();
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
