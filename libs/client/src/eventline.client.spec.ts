import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { EventlineClient, type EventlineClientOptions } from './eventline.client.js';
import type { EventResult } from './track/event-result.js';
import { acceptAll, fakeGateway, json, never, type ReceivedRequest } from './testing/gateway.fake.js';

const sessionId = '7d0a9c52-3f4e-4b6a-9c1d-2e3f4a5b6c7d';
const party = { host: 'www.party.com', path: '/' };
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const clients: EventlineClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close({ timeoutMs: 50 })));
});

function client(
  fetch: EventlineClientOptions['fetch'],
  options: Partial<EventlineClientOptions> = {},
): EventlineClient {
  const created = new EventlineClient({
    url: 'https://gateway.test/',
    apiKey: 'key-1',
    app: 'shop',
    fetch,
    flushIntervalMs: 60_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    onError: () => {},
    ...options,
  });
  clients.push(created);
  return created;
}

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (predicate() ? resolve() : setTimeout(check, 2));
    check();
  });
}

describe('EventlineClient.track', () => {
  it('sends each event in the posted shape with a client-side UUIDv7 event_id and a microsecond timestamp', async () => {
    const gateway = fakeGateway(acceptAll);
    const result = await client(gateway.fetch).track('party', party, { sessionId, awaitAck: true });

    expect(gateway.requests).toHaveLength(1);
    const [request] = gateway.requests;
    expect(request.method).toBe('POST');
    expect(request.url.toString()).toBe('https://gateway.test/v1/events');
    expect(request.headers.authorization).toBe('Bearer key-1');
    expect(request.headers['content-type']).toBe('application/json');
    const [event] = request.events;
    expect(Object.keys(event).sort()).toEqual([
      'category',
      'data',
      'event_id',
      'name',
      'session_id',
      'timestamp',
    ]);
    expect(event).toMatchObject({ session_id: sessionId, category: 'party', name: 'shop', data: party });
    expect(event.event_id).toMatch(UUID_V7);
    expect(event.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(result).toMatchObject({ status: 'accepted', event_id: event.event_id, index: 0, errors: [] });
  });

  it('keeps a caller-chosen event id and timestamp', async () => {
    const gateway = fakeGateway(acceptAll);
    const eventId = '0190b6a4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
    await client(gateway.fetch).track('party', party, {
      sessionId,
      eventId,
      timestamp: new Date(Date.UTC(2021, 8, 26, 9, 15, 27, 243)),
      awaitAck: true,
    });
    expect(gateway.requests[0].events[0]).toMatchObject({
      event_id: eventId,
      timestamp: '2021-09-26 09:15:27.243000',
    });
  });

  it('without awaitAck, resolves at once as queued and sends nothing until a batch fills', async () => {
    const gateway = fakeGateway(acceptAll);
    const receipt = await client(gateway.fetch, { batchSize: 3 }).track('party', party, { sessionId });
    expect(receipt).toEqual({ status: 'queued', event_id: expect.stringMatching(UUID_V7) });
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('batching', () => {
  it('sends a batch as soon as batchSize events are queued, and the rest on flush()', async () => {
    const gateway = fakeGateway(acceptAll);
    const c = client(gateway.fetch, { batchSize: 2 });
    for (let i = 0; i < 5; i += 1) await c.track('party', { host: `h${i}`, path: '/' }, { sessionId });
    await waitFor(() => gateway.requests.length === 2);
    const report = await c.flush();

    expect(gateway.requests.map((r) => r.events.map((e) => (e.data as { host: string }).host))).toEqual([
      ['h0', 'h1'],
      ['h2', 'h3'],
      ['h4'],
    ]);
    // The report covers every event since the client started, the batches sent on their own too.
    expect(report).toEqual({ accepted: 5, duplicates: 0, rejected: [], undelivered: [], unlisted: 0 });
    expect(await c.flush()).toEqual({
      accepted: 0,
      duplicates: 0,
      rejected: [],
      undelivered: [],
      unlisted: 0,
    });
  });

  it('sends a partial batch once the flush interval has passed', async () => {
    const gateway = fakeGateway(acceptAll);
    const c = client(gateway.fetch, { batchSize: 100, flushIntervalMs: 20 });
    await c.track('party', party, { sessionId });
    await c.track('party', party, { sessionId });
    await waitFor(() => gateway.requests.length === 1);
    expect(gateway.requests[0].events).toHaveLength(2);
  });

  it('starts a new batch before the byte budget is exceeded', async () => {
    const gateway = fakeGateway(acceptAll);
    // The budget is raised to its floor (one maximal event), about 32 KiB: ~10 KiB events go three to a batch.
    const c = client(gateway.fetch, { batchSize: 500, maxBatchBytes: 1 });
    const big = { host: 'h', path: `/${'x'.repeat(10_000)}` };
    for (let i = 0; i < 7; i += 1) void c.track('party', big, { sessionId });
    await c.flush();
    expect(gateway.requests.map((r) => r.events.length)).toEqual([3, 3, 1]);
    for (const r of gateway.requests)
      expect(new TextEncoder().encode(r.rawBody).length).toBeLessThanOrEqual(32 * 1024 + 2);
  });

  it('sends events tracked with awaitAck at once, together when tracked in the same tick', async () => {
    const gateway = fakeGateway(acceptAll);
    const c = client(gateway.fetch, { batchSize: 100 });
    const results = await Promise.all([
      c.track('party', party, { sessionId, awaitAck: true }),
      c.track('party', party, { sessionId, awaitAck: true }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(gateway.requests.map((r) => r.events.length)).toEqual([2]);
  });
});

describe('delivery', () => {
  it.each([500, 502, 503, 504, 408])(
    'retries a %i with the same body, hence the same event ids',
    async (status) => {
      const gateway = fakeGateway((request, call) =>
        call < 2 ? json(status, { code: 'broker_unavailable' }) : acceptAll(request),
      );
      const result = await client(gateway.fetch).track('party', party, { sessionId, awaitAck: true });
      expect(result.status).toBe('accepted');
      expect(gateway.requests).toHaveLength(3);
      expect(new Set(gateway.requests.map((r) => r.rawBody)).size).toBe(1);
    },
  );

  it('retries network errors', async () => {
    const gateway = fakeGateway((request, call) => {
      if (call === 0) throw new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });
      return acceptAll(request);
    });
    const result = await client(gateway.fetch).track('party', party, { sessionId, awaitAck: true });
    expect(result.status).toBe('accepted');
    expect(gateway.requests).toHaveLength(2);
  });

  it('retries a 429 after its Retry-After rather than after its own, longer back-off', async () => {
    const gateway = fakeGateway((request, call) =>
      call === 0 ? json(429, { code: 'rate_limited' }, { 'retry-after': '0' }) : acceptAll(request),
    );
    // With this back-off a retry would come minutes later (past the test's timeout).
    const c = client(gateway.fetch, { retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } });
    const result = await c.track('party', party, { sessionId, awaitAck: true });
    expect(result.status).toBe('accepted');
    expect(gateway.requests).toHaveLength(2);
  });

  it('reports a duplicate as delivered', async () => {
    const gateway = fakeGateway((request) =>
      json(202, {
        results: request.events.map((e, index) => ({ index, event_id: e.event_id, status: 'duplicate' })),
      }),
    );
    const c = client(gateway.fetch);
    void c.track('party', party, { sessionId });
    expect(await c.flush()).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: [],
      undelivered: [],
      unlisted: 0,
    });
  });

  it('surfaces per-event results of a 207, rejected events with field and code, and retries none of them', async () => {
    const errors = [{ field: 'data.path', code: 'invalid_data', message: 'path must start with "/"' }];
    const gateway = fakeGateway(() =>
      json(207, {
        accepted: 1,
        rejected: 1,
        results: [
          { index: 0, status: 'accepted' },
          { index: 1, status: 'rejected', errors },
        ],
      }),
    );
    const onError = jest.fn();
    const c = client(gateway.fetch, { onError });
    const [ok, bad] = await Promise.all([
      c.track('party', party, { sessionId, awaitAck: true }),
      c.track('party', { host: 'h', path: 'no-slash' }, { sessionId, awaitAck: true }),
    ]);
    await c.flush();

    expect(ok).toMatchObject({ status: 'accepted', index: 0 });
    expect(bad).toMatchObject({
      status: 'rejected',
      index: 1,
      errors,
      event: { data: { path: 'no-slash' } },
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(bad);
    expect(gateway.requests).toHaveLength(1);
  });

  it.each([
    [400, 'invalid_body'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ])('does not retry a %i: every event of the batch is rejected with code %s', async (status, code) => {
    const gateway = fakeGateway(() => json(status, { error: { code, message: 'refused' } }));
    const c = client(gateway.fetch);
    void c.track('party', party, { sessionId });
    void c.track('party', party, { sessionId });
    const report = await c.flush();
    expect(gateway.requests).toHaveLength(1);
    expect(report.rejected.map((r) => r.errors)).toEqual([
      [{ field: '', code, message: 'refused' }],
      [{ field: '', code, message: 'refused' }],
    ]);
  });

  it('sends again only the events a 207 rejected as broker_unavailable, and no others', async () => {
    const invalid = [{ field: 'data.path', code: 'invalid_data', message: 'bad path' }];
    const unconfirmed = [{ field: '', code: 'broker_unavailable', message: 'safe to retry' }];
    const gateway = fakeGateway((request, call) =>
      call === 0
        ? json(207, {
            results: [
              { index: 0, status: 'accepted' },
              { index: 1, status: 'rejected', errors: unconfirmed },
              { index: 2, status: 'rejected', errors: invalid },
            ],
          })
        : acceptAll(request),
    );
    const c = client(gateway.fetch);
    for (const host of ['a', 'b', 'c']) void c.track('party', { host, path: '/' }, { sessionId });
    const report = await c.flush();

    expect(gateway.requests.map((r) => r.events.map((e) => (e.data as { host: string }).host))).toEqual([
      ['a', 'b', 'c'],
      ['b'],
    ]);
    expect(report.accepted).toBe(2);
    expect(report.rejected.map((r) => [r.event.data, r.errors])).toEqual([
      [{ host: 'c', path: '/' }, invalid],
    ]);
  });

  it('gives up after maxAttempts and reports the events undelivered, with the events to re-track', async () => {
    const gateway = fakeGateway(() => json(503, { code: 'broker_unavailable' }));
    const c = client(gateway.fetch, { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } });
    const result = await c.track('party', party, { sessionId, awaitAck: true });
    expect(gateway.requests).toHaveLength(4);
    expect(result).toMatchObject({
      status: 'undelivered',
      reason: 'retries_exhausted',
      event: { data: party },
    });
  });

  it('halves a batch the gateway refuses as too large (413) until it fits', async () => {
    const gateway = fakeGateway((request) =>
      request.events.length > 2
        ? json(413, { error: { code: 'body_too_large', message: 'too large' } })
        : acceptAll(request),
    );
    const c = client(gateway.fetch);
    for (let i = 0; i < 5; i += 1) void c.track('party', party, { sessionId });
    const report = await c.flush();
    expect(report.accepted).toBe(5);
    expect(gateway.requests.map((r) => r.events.length)).toEqual([5, 3, 2, 1, 2]);
  });

  it('rejects a lone event the gateway still finds too large (413) with its code, without retrying', async () => {
    const gateway = fakeGateway(() =>
      json(413, { error: { code: 'body_too_large', message: 'limit 1000 bytes' } }),
    );
    const result = await client(gateway.fetch).track('party', party, { sessionId, awaitAck: true });
    expect(result).toMatchObject({
      status: 'rejected',
      errors: [{ code: 'body_too_large', message: 'limit 1000 bytes' }],
    });
    expect(gateway.requests).toHaveLength(1);
  });

  it('rejects an event over 32 KiB locally with the code the server would use, without sending it', async () => {
    const gateway = fakeGateway(acceptAll);
    const result = await client(gateway.fetch).track(
      'party',
      { host: 'h', path: `/${'x'.repeat(33 * 1024)}` },
      { sessionId, awaitAck: true },
    );
    expect(result).toMatchObject({ status: 'rejected', index: -1, errors: [{ code: 'event_too_large' }] });
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('the bounded queue', () => {
  it('refuses the newest event when full (queue_full) and keeps and delivers the older ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gateway = fakeGateway(async (request) => {
      await gate;
      return acceptAll(request);
    });
    const onError = jest.fn();
    const c = client(gateway.fetch, { maxQueueSize: 3, batchSize: 2, onError });
    const receipts = [];
    for (let i = 0; i < 4; i += 1)
      receipts.push(await c.track('party', { host: `h${i}`, path: '/' }, { sessionId }));

    expect(receipts.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'undelivered']);
    expect(receipts[3]).toMatchObject({ reason: 'queue_full', event: { data: { host: 'h3' } } });
    expect(onError).toHaveBeenCalledWith(receipts[3]);
    release();
    const report = await c.flush();
    expect(report.accepted).toBe(3);
    // The refused event is in the report too: it accounts for every event tracked.
    expect(report.undelivered.map((r) => [r.event_id, r.reason])).toEqual([
      [receipts[3].event_id, 'queue_full'],
    ]);
    expect(gateway.requests.flatMap((r) => r.events.map((e) => (e.data as { host: string }).host))).toEqual([
      'h0',
      'h1',
      'h2',
    ]);
  });

  it('close() accounts for every event of a tight loop that overflows the queue, queue_full drops included', async () => {
    const gateway = fakeGateway(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return acceptAll(request);
    });
    const c = client(gateway.fetch, { maxQueueSize: 200, batchSize: 50, onError: () => {} });
    const receipts = [];
    for (let i = 0; i < 1000; i += 1) receipts.push(await c.track('party', party, { sessionId }));
    const dropped = receipts.filter((r) => r.status === 'undelivered');
    expect(dropped.length).toBeGreaterThan(0);

    const report = await c.close({ timeoutMs: 10_000 });

    // Failures past maxQueueSize are counted, not listed: together they are exactly the drops.
    expect(report.undelivered.length + report.unlisted).toBe(dropped.length);
    const droppedIds = new Set(dropped.map((r) => r.event_id));
    expect(report.undelivered.every((r) => r.reason === 'queue_full' && droppedIds.has(r.event_id))).toBe(
      true,
    );
    expect(report.accepted + dropped.length).toBe(1000);
    expect(report.accepted).toBe(gateway.requests.reduce((sum, r) => sum + r.events.length, 0));
  });

  it('lists at most maxQueueSize failures per report and counts the rest', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gateway = fakeGateway(async (request) => {
      await gate;
      return acceptAll(request);
    });
    const c = client(gateway.fetch, { maxQueueSize: 5, batchSize: 5, onError: () => {} });
    for (let i = 0; i < 20; i += 1) void c.track('party', party, { sessionId });
    release();
    const report = await c.close({ timeoutMs: 10_000 });
    expect(report).toMatchObject({ accepted: 5, unlisted: 10 });
    expect(report.undelivered).toHaveLength(5);
  });
});

describe('close', () => {
  it('delivers what is pending, then refuses new events as closed', async () => {
    const gateway = fakeGateway(acceptAll);
    const c = client(gateway.fetch);
    void c.track('party', party, { sessionId });
    expect(await c.close()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
      undelivered: [],
      unlisted: 0,
    });
    expect(await c.track('party', party, { sessionId })).toMatchObject({
      status: 'undelivered',
      reason: 'closed',
    });
  });

  it('reports what the server has not confirmed by the deadline as undelivered (timeout)', async () => {
    const gateway = fakeGateway(() => never());
    const c = client(gateway.fetch, { batchSize: 2 });
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i += 1)
      pending.push(c.track('party', { host: `h${i}`, path: '/' }, { sessionId, awaitAck: true }));

    const report = await c.close({ timeoutMs: 50 });

    expect(report.accepted).toBe(0);
    expect(report.undelivered.map((r) => [r.reason, (r.event.data as { host: string }).host]).sort()).toEqual(
      [
        ['timeout', 'h0'],
        ['timeout', 'h1'],
        ['timeout', 'h2'],
      ],
    );
    expect(((await pending[0]) as EventResult).status).toBe('undelivered');
  });

  it('stops retrying a failing gateway at the deadline', async () => {
    const gateway = fakeGateway(() => json(503, {}));
    const c = client(gateway.fetch, { retry: { maxAttempts: 1000, baseDelayMs: 10, maxDelayMs: 10 } });
    void c.track('party', party, { sessionId });
    const report = await c.close({ timeoutMs: 100 });
    const attempts = gateway.requests.length;
    expect(report.undelivered).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.requests).toHaveLength(attempts);
  });
});

describe('page hide', () => {
  const target = globalThis as unknown as Record<string, unknown>;
  afterEach(() => {
    delete target.document;
    delete target.addEventListener;
    delete target.removeEventListener;
  });

  it('sends the queue at once as keepalive requests when the page is hidden', async () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const windowEvents = new EventTarget();
    target.document = doc;
    target.addEventListener = windowEvents.addEventListener.bind(windowEvents);
    target.removeEventListener = windowEvents.removeEventListener.bind(windowEvents);
    const gateway = fakeGateway(acceptAll);
    const c = client(gateway.fetch);
    const big = { host: 'h', path: `/${'x'.repeat(20_000)}` };
    for (let i = 0; i < 4; i += 1) void c.track('party', big, { sessionId });
    expect(gateway.requests).toHaveLength(0);

    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => gateway.requests.length === 2);

    expect(gateway.requests.every((r: ReceivedRequest) => r.keepalive)).toBe(true);
    // Browsers refuse keepalive bodies beyond 64 KiB in flight.
    for (const r of gateway.requests)
      expect(new TextEncoder().encode(r.rawBody).length).toBeLessThanOrEqual(60 * 1024);
  });
});
