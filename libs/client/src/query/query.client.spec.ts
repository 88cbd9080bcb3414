import { afterEach, describe, expect, it } from '@jest/globals';
import { EventlineClient } from '../eventline.client.js';
import { EventlineHttpError } from '../http/eventline-http.error.js';
import { fakeGateway, json } from '../testing/gateway.fake.js';

const sessionId = '7d0a9c52-3f4e-4b6a-9c1d-2e3f4a5b6c7d';
const clients: EventlineClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close({ timeoutMs: 10 })));
});

function client(fetch: ReturnType<typeof fakeGateway>['fetch']): EventlineClient {
  const c = new EventlineClient({
    url: 'https://gateway.test/base',
    apiKey: 'key-q',
    app: 'shop',
    fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  clients.push(c);
  return c;
}

const event = (n: number) => ({
  event_id: `id-${n}`,
  session_id: sessionId,
  category: 'party',
  name: 'shop',
  data: { host: `h${n}`, path: '/' },
  timestamp: '2026-11-28 12:00:00.000001',
  received_at: '2026-11-28 12:00:00.100000',
});

describe('queries', () => {
  it('events.list sends the filters as query parameters, times in the event format', async () => {
    const gateway = fakeGateway(() => json(200, { items: [event(1)], next_cursor: null }));
    const page = await client(gateway.fetch).events.list({
      category: 'party',
      session_id: sessionId,
      start: new Date(Date.UTC(2026, 10, 28, 0, 0, 0)),
      end: '2026-11-29 00:00:00',
      order: 'desc',
      limit: 50,
    });

    const [request] = gateway.requests;
    expect(request.method).toBe('GET');
    expect(request.url.pathname).toBe('/base/v1/events');
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      category: 'party',
      session_id: sessionId,
      start: '2026-11-28 00:00:00.000000',
      end: '2026-11-29 00:00:00',
      order: 'desc',
      limit: '50',
    });
    expect(request.headers.authorization).toBe('Bearer key-q');
    expect(page).toEqual({ items: [event(1)], next_cursor: null });
  });

  it('sessions.events asks for the session timeline, the id escaped into the path', async () => {
    const gateway = fakeGateway(() => json(200, { items: [], next_cursor: null }));
    await client(gateway.fetch).sessions.events(sessionId, { limit: 10 });
    expect(gateway.requests[0].url.pathname).toBe(`/base/v1/sessions/${sessionId}/events`);
    expect(gateway.requests[0].url.searchParams.get('limit')).toBe('10');
  });

  it('iterate walks every page by next_cursor and stops after the last', async () => {
    const pages: Record<string, unknown> = {
      '': { items: [event(1), event(2)], next_cursor: 'c1' },
      c1: { items: [event(3)], next_cursor: 'c2' },
      c2: { items: [event(4)], next_cursor: null },
    };
    const gateway = fakeGateway((request) => json(200, pages[request.url.searchParams.get('cursor') ?? '']));
    const ids: string[] = [];
    for await (const item of client(gateway.fetch).sessions.iterateEvents(sessionId)) ids.push(item.event_id);
    expect(ids).toEqual(['id-1', 'id-2', 'id-3', 'id-4']);
    expect(gateway.requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, 'c1', 'c2']);
  });

  it('fetches the next page only when the previous one is consumed', async () => {
    const gateway = fakeGateway(() => json(200, { items: [event(1)], next_cursor: 'more' }));
    for await (const item of client(gateway.fetch).events.iterate({ category: 'party' })) {
      expect(item.event_id).toBe('id-1');
      break;
    }
    expect(gateway.requests).toHaveLength(1);
  });

  it('throws an EventlineHttpError with the status, code and field errors of a refusal', async () => {
    const errors = [{ field: 'start', code: 'invalid_range', message: 'start must be before end' }];
    const gateway = fakeGateway(() => json(400, { code: 'invalid_range', message: 'bad range', errors }));
    const failure = await client(gateway.fetch)
      .sessions.list({ start: '2026-01-02 00:00:00', end: '2026-01-01 00:00:00' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventlineHttpError);
    expect(failure).toMatchObject({ status: 400, code: 'invalid_range', errors });
    expect(gateway.requests).toHaveLength(1);
  });

  it('retries a 503 and then answers', async () => {
    const gateway = fakeGateway((_, call) =>
      call === 0 ? json(503, { code: 'query_unavailable' }) : json(200, { items: [], next_cursor: null }),
    );
    expect(await client(gateway.fetch).sessions.list()).toEqual({ items: [], next_cursor: null });
    expect(gateway.requests).toHaveLength(2);
  });

  it('a missing session is a not_found error', async () => {
    const gateway = fakeGateway(() => json(404, { code: 'not_found', message: 'no such session' }));
    await expect(client(gateway.fetch).sessions.events(sessionId)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
