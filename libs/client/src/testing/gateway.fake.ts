import type { FetchLike } from '../http/http.transport.js';

/** One request the fake gateway received. */
export interface ReceivedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  rawBody: string | undefined;
  /** The posted events (POST /v1/events). */
  events: Array<Record<string, unknown>>;
  keepalive: boolean;
  at: number;
}

type Responder = (request: ReceivedRequest, callIndex: number) => Response | Promise<Response>;

/**
 * An injected `fetch` standing in for the gateway in unit tests: records every request and
 * answers with what the test's responder returns (throwing stands for a network error).
 */
export function fakeGateway(responder: Responder): { fetch: FetchLike; requests: ReceivedRequest[] } {
  const requests: ReceivedRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const rawBody = typeof init.body === 'string' ? init.body : undefined;
    const parsed: unknown = rawBody ? JSON.parse(rawBody) : undefined;
    const request: ReceivedRequest = {
      url: new URL(input),
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      rawBody,
      events: Array.isArray(parsed) ? parsed : parsed ? [parsed as Record<string, unknown>] : [],
      keepalive: init.keepalive === true,
      at: Date.now(),
    };
    requests.push(request);
    init.signal?.throwIfAborted();
    const answer = responder(request, requests.length - 1);
    if (!init.signal) return answer;
    const signal = init.signal;
    return Promise.race([
      answer,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
  };
  return { fetch, requests };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The gateway's 202: every posted event accepted. */
export function acceptAll(request: ReceivedRequest): Response {
  const results = request.events.map((e, index) => ({ index, event_id: e.event_id, status: 'accepted' }));
  return json(202, { accepted: results.length, duplicates: 0, rejected: 0, results });
}

/** A promise that never settles: a request the server never answers. */
export function never(): Promise<Response> {
  return new Promise(() => {});
}
