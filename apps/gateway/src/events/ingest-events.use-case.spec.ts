import { DomainError, ErrorCode, PublishedEvent, SerializedEvent } from '@eventline/contracts';
import { EventPublishOutcome } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';
import { IngestEventsUseCase } from './ingest-events.use-case.js';

/** Records what it was asked to publish and answers with the outcomes a test chose. */
class FakePublisher {
  published: PublishedEvent[][] = [];
  constructor(
    private readonly answer: (event: PublishedEvent) => EventPublishOutcome = () => ({
      status: 'accepted',
      seq: 1,
    }),
  ) {}
  async publish(events: readonly SerializedEvent[]): Promise<EventPublishOutcome[]> {
    const published = events.map((e) => JSON.parse(Buffer.from(e.bytes).toString()) as PublishedEvent);
    this.published.push(published);
    return published.map(this.answer);
  }
}

function config(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return Object.assign(new GatewayConfig(), { GATEWAY_SIGNING_SECRET: 'x'.repeat(16), ...overrides });
}

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'AppName',
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    ...overrides,
  };
}

const ID_A = '0190f3a1-2b3c-7d4e-8f60-00000000000a';
const ID_B = '0190f3a1-2b3c-7d4e-8f60-00000000000b';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('IngestEventsUseCase', () => {
  it('accepts one event object and publishes it with the timestamp as sent', async () => {
    const publisher = new FakePublisher();
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: event({ event_id: ID_A }),
      app: 'AppName',
    });
    expect(report).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      results: [{ index: 0, event_id: ID_A, status: 'accepted' }],
    });
    expect(publisher.published).toEqual([[{ ...event(), event_id: ID_A }]]);
  });

  it('reports a mixed batch per event and publishes only the valid events', async () => {
    const publisher = new FakePublisher();
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: [
        event({ event_id: ID_A }),
        event({ timestamp: '2021-02-30 10:00:00' }),
        event({ event_id: ID_B }),
      ],
      app: 'AppName',
    });
    expect(report).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(report.results[1]).toEqual({
      index: 1,
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'timestamp', code: ErrorCode.InvalidTimestamp })],
    });
    expect(publisher.published[0].map((e) => e.event_id)).toEqual([ID_A, ID_B]);
  });

  it('reports duplicates the broker recognised', async () => {
    const publisher = new FakePublisher(() => ({ status: 'duplicate', seq: 4 }));
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: [event({ event_id: ID_A })],
      app: 'AppName',
    });
    expect(report).toMatchObject({
      accepted: 0,
      duplicates: 1,
      rejected: 0,
      results: [{ status: 'duplicate' }],
    });
  });

  it('publishes an event repeated within one request once and reports the copy as a duplicate', async () => {
    const publisher = new FakePublisher();
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: [event({ event_id: ID_A }), event({ event_id: ID_A.toUpperCase() })],
      app: 'AppName',
    });
    expect(publisher.published[0]).toHaveLength(1);
    expect(report.results).toEqual([
      { index: 0, event_id: ID_A, status: 'accepted' },
      { index: 1, event_id: ID_A, status: 'duplicate' },
    ]);
  });

  it('reports every event rejected when none is valid, and publishes nothing', async () => {
    const publisher = new FakePublisher();
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: [event({ category: 'nope' }), event({ session_id: 'x' })],
      app: 'AppName',
    });
    expect(report).toMatchObject({ accepted: 0, duplicates: 0, rejected: 2 });
    expect(publisher.published).toEqual([]);
  });

  it('refuses with untrusted_app when every event names another application', async () => {
    const error = await rejection(
      new IngestEventsUseCase(config(), new FakePublisher()).execute({ body: [event()], app: 'OtherApp' }),
    );
    expect([error.code, error.field]).toEqual([ErrorCode.UntrustedApp, 'name']);
  });

  it('reports events without a name as rejected rather than refusing them as untrusted_app', async () => {
    const withoutName = event();
    delete withoutName.name;
    const report = await new IngestEventsUseCase(config(), new FakePublisher()).execute({
      body: [withoutName],
      app: 'AppName',
    });
    expect(report).toMatchObject({ accepted: 0, rejected: 1 });
    expect(report.results[0]).toMatchObject({
      errors: [{ field: 'name', code: ErrorCode.UntrustedApp }],
    });
  });

  it('rejects an event over the size limit on its own, leaving its neighbours alone', async () => {
    const report = await new IngestEventsUseCase(
      config({ MAX_EVENT_BYTES: 1024 }),
      new FakePublisher(),
    ).execute({
      body: [event({ data: { host: 'h'.repeat(2000), path: '/' } }), event()],
      app: 'AppName',
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 1 });
    expect(report.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ code: ErrorCode.EventTooLarge }],
    });
  });

  it('measures an event as it is published, its assigned event_id included, to the byte', async () => {
    const limit = 1024;
    // An event whose published JSON is `bytes` long: padding in data.path, multi-byte characters
    // counted in UTF-8.
    const sized = (bytes: number, withId: boolean) => {
      const base = event({ data: { host: 'é', path: '/' }, ...(withId ? { event_id: ID_A } : {}) });
      const published = JSON.stringify({ event_id: ID_A, ...base });
      const pad = bytes - Buffer.byteLength(published);
      return { ...base, data: { host: 'é', path: `/${'p'.repeat(pad)}` } };
    };
    for (const withId of [true, false]) {
      const publisher = new FakePublisher();
      const report = await new IngestEventsUseCase(config({ MAX_EVENT_BYTES: limit }), publisher).execute({
        body: [sized(limit, withId), sized(limit + 1, withId)],
        app: 'AppName',
      });
      expect(report.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
      expect(report.results[1]).toMatchObject({
        errors: [
          {
            code: ErrorCode.EventTooLarge,
            message: `the event is ${limit + 1} bytes of JSON; at most ${limit} are accepted`,
          },
        ],
      });
      expect(Buffer.byteLength(JSON.stringify(publisher.published[0][0]))).toBe(limit);
    }
  });

  it('refuses bodies that are not events: [], a string, null; and too many events', async () => {
    const useCase = new IngestEventsUseCase(config({ MAX_EVENTS_PER_REQUEST: 2 }), new FakePublisher());
    for (const body of [[], 'x', null, 42]) {
      expect((await rejection(useCase.execute({ body, app: 'AppName' }))).code).toBe(ErrorCode.InvalidBody);
    }
    expect(
      (await rejection(useCase.execute({ body: [event(), event(), event()], app: 'AppName' }))).code,
    ).toBe(ErrorCode.TooManyEvents);
  });

  it('refuses with broker_unavailable when the broker confirmed nothing', async () => {
    const publisher = new FakePublisher(() => ({ status: 'failed', reason: 'timeout' }));
    const error = await rejection(
      new IngestEventsUseCase(config(), publisher).execute({
        body: [event(), event({ category: 'nope' })],
        app: 'AppName',
      }),
    );
    expect(error.code).toBe(ErrorCode.BrokerUnavailable);
  });

  it('reports events of an unconfirmed message as rejected with broker_unavailable when others were accepted', async () => {
    const publisher = new FakePublisher((e) =>
      e.category === 'click' ? { status: 'failed', reason: 'timeout' } : { status: 'accepted', seq: 1 },
    );
    const report = await new IngestEventsUseCase(config(), publisher).execute({
      body: [event(), event({ category: 'click', data: { element: '#buy' } })],
      app: 'AppName',
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 1 });
    expect(report.results[1]).toMatchObject({
      index: 1,
      event_id: expect.any(String),
      status: 'rejected',
      errors: [{ code: ErrorCode.BrokerUnavailable }],
    });
  });
});
