import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import fc from 'fast-check';
import {
  ErrorCode,
  EventHeader,
  EventTopology,
  MAX_DATA_DEPTH,
  messageIdFor,
  writeEventMessageHeaders,
} from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deadLetters } from '../ingestor/support/dead-letters.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';

const writer = testApiKey('AppName', ['ingest', 'query']);
const BACKEND_SECRET = 'backend-signing-secret-0123';
const CODES = new Set<string>(Object.values(ErrorCode));

interface EventResult {
  index: number;
  event_id?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  errors?: Array<{ field: string; code: string; message: string }>;
}
interface IngestBody {
  accepted: number;
  rejected: number;
  results: EventResult[];
  error?: { code: string; field?: string };
}

/** An event's JSON text, `data` spliced in as raw text (so it can hold what JSON.stringify cannot write). */
function eventText(session: string, dataText: string, category = 'party'): string {
  return (
    `{"session_id":"${session}","category":"${category}","name":"AppName",` +
    `"timestamp":"2021-09-26 09:15:27.243860","event_id":"${randomUUID()}","data":${dataText}}`
  );
}
const PARTY = '{"host":"www.party.com","path":"/"}';

describe('hostile input: one rejected event, never a 500, nothing stored altered', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('hostile');
  const topology = new EventTopology(namespace);
  let gateway: RunningGateway;
  let ingestor: IngestorProcess;
  let replica: QueryReplica;
  let nc: NatsConnection;

  beforeAll(async () => {
    const dbUrl = databaseUrl(mongoUrl, namespace);
    gateway = await startGateway({ natsUrl, namespace, keys: [writer] });
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: dbUrl,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: '*',
      PUBLISHER_SECRETS: JSON.stringify({
        'eventline-gateway': gateway.config.GATEWAY_SIGNING_SECRET,
        AppName: BACKEND_SECRET,
      }),
    });
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace });
    nc = await connectNats({ url: natsUrl, name: 'hostile-input-test' });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    ingestor?.kill('SIGTERM');
    await ingestor?.exited;
    await replica?.close();
    const jsm = nc ? await jetstreamManager(nc) : undefined;
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  async function post(body: string | Uint8Array<ArrayBuffer>): Promise<{ status: number; json: IngestBody }> {
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.key}` },
      body,
    });
    return { status: response.status, json: (await response.json()) as IngestBody };
  }
  /** The raw JSON text of a session's events, once `count` are stored. */
  function storedSession(session: string, count: number): Promise<string> {
    return eventually(
      async () => {
        const response = await fetch(`${gateway.url}/v1/sessions/${session}/events`, {
          headers: { authorization: `Bearer ${writer.key}` },
        });
        const text = await response.text();
        expect([response.status, (JSON.parse(text) as { items?: unknown[] }).items?.length]).toEqual([
          200,
          count,
        ]);
        return text;
      },
      { timeoutMs: 30_000 },
    );
  }

  it('rejects data nested 100,000 levels deep with invalid_data naming the path, and stores its neighbours', async () => {
    const session = randomUUID();
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const body = `[${eventText(session, PARTY)},${eventText(session, `{"host":"h","path":"/","x":${deep}}`)},${eventText(session, PARTY)}]`;
    const { status, json } = await post(body);
    expect(status).toBe(207);
    expect(json.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(json.results[1].errors).toEqual([
      expect.objectContaining({
        code: ErrorCode.InvalidData,
        field: `data.x${'.a'.repeat(MAX_DATA_DEPTH - 1)}`,
      }),
    ]);
    await storedSession(session, 2);
  });

  it('rejects a lone surrogate with invalid_encoding naming the field, and stores emoji unchanged', async () => {
    const session = randomUUID();
    const body = `[${eventText(session, '{"host":"a\\ud800b","path":"/"}')},${eventText(session, '{"host":"😀 \\ud83d\\ude00","path":"/é"}')}]`;
    const { status, json } = await post(body);
    expect(status).toBe(207);
    expect(json.results[0].errors).toEqual([
      expect.objectContaining({ code: ErrorCode.InvalidEncoding, field: 'data.host' }),
    ]);
    const stored = JSON.parse(await storedSession(session, 1)) as { items: Array<{ data: unknown }> };
    expect(stored.items[0].data).toEqual({ host: '😀 😀', path: '/é' });
  });

  it('refuses a body of invalid UTF-8 with 400 invalid_encoding rather than storing U+FFFD', async () => {
    const session = randomUUID();
    const text = eventText(session, '{"host":"AB","path":"/"}');
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf('AB')] = 0xff;
    const { status, json } = await post(new Uint8Array(bytes));
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: ErrorCode.InvalidEncoding });
  });

  it('rejects integers JavaScript would round or that are not integers, and stores 2^53-1 exactly', async () => {
    const session = randomUUID();
    const clicks = ['12345678901234567890', '1e308', '1.0000000000000001', '9007199254740991'].map((x) =>
      eventText(session, `{"element":"#buy","x":${x}}`, 'click'),
    );
    const { status, json } = await post(`[${clicks.join(',')}]`);
    expect(status).toBe(207);
    expect(json.results.map((r) => [r.status, r.errors?.[0]?.field, r.errors?.[0]?.code])).toEqual([
      ['rejected', 'data.x', ErrorCode.InvalidData],
      ['rejected', 'data.x', ErrorCode.InvalidData],
      ['rejected', 'data.x', ErrorCode.InvalidData],
      ['accepted', undefined, undefined],
    ]);
    expect(await storedSession(session, 1)).toContain('"x":9007199254740991');
  });

  describe('the NATS path applies the same rules (the ingestor validates again)', () => {
    async function publishRaw(body: Buffer, eventIds: string[], category = 'click') {
      const h = natsHeaders();
      writeEventMessageHeaders(h, body, { id: 'AppName', secret: BACKEND_SECRET });
      await jetstream(nc).publish(topology.eventsSubject(category), body, {
        headers: h,
        msgID: messageIdFor(eventIds),
      });
    }
    async function letterWith(marker: string, category = 'click') {
      return eventually(
        async () => {
          const letters = (await deadLetters(nc, topology, category)).filter((l) =>
            JSON.stringify(l.body).includes(marker),
          );
          expect(letters).toHaveLength(1);
          return letters[0];
        },
        { timeoutMs: 30_000 },
      );
    }

    it('dead-letters a message of invalid UTF-8 with invalid_encoding', async () => {
      const id = randomUUID();
      const bytes = Buffer.from(
        eventText(randomUUID(), '{"element":"#AB"}', 'click').replace(
          /"event_id":"[^"]+"/,
          `"event_id":"${id}"`,
        ),
      );
      bytes[bytes.indexOf('#AB') + 1] = 0xc3;
      await publishRaw(bytes, [id]);
      const letter = await eventually(
        async () => {
          const jsm = await jetstreamManager(nc);
          const { state } = await jsm.streams.info(topology.dlqStream);
          for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
            const stored = await jsm.streams.getMessage(topology.dlqStream, { seq }).catch(() => null);
            if (stored && Buffer.from(stored.data).includes(id)) return stored;
          }
          throw new Error('not dead-lettered yet');
        },
        { timeoutMs: 30_000 },
      );
      expect(letter.header?.get(EventHeader.DlqReason)).toBe(ErrorCode.InvalidEncoding);
    });

    it('dead-letters an event with a rounded integer, keeping its digits, and stores its neighbour', async () => {
      const session = randomUUID();
      const ids = [randomUUID(), randomUUID()];
      const texts = [`{"element":"#big","x":12345678901234567890}`, `{"element":"#ok","x":7}`].map(
        (data, i) =>
          eventText(session, data, 'click').replace(/"event_id":"[^"]+"/, `"event_id":"${ids[i]}"`),
      );
      await publishRaw(Buffer.from(`[${texts.join(',')}]`), ids);
      const letter = await letterWith('#big');
      expect(letter.reason).toBe(ErrorCode.InvalidData);
      expect(letter.detail).toContain('data.x');
      await storedSession(session, 1);
    });
  });

  it('answers random hostile batches with per-event verdicts, never a 5xx, and stays ready', async () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 8 });
    const deepText = fc
      .tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean())
      .map(([levels, arrays]) =>
        arrays
          ? '['.repeat(levels) + '1' + ']'.repeat(levels)
          : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels),
      );
    const valueText = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      anyText.map((s) => JSON.stringify(s)),
      deepText,
      fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
      fc.constantFrom('1e308', '-0', '1.0000000000000001', '1E-400'),
    );
    const eventArb = fc.oneof(
      // A party or click event with one data key set to a hostile value.
      fc
        .tuple(
          fc.constantFrom('host', 'path', 'x', 'element', anyText),
          valueText,
          fc.constantFrom('party', 'click'),
        )
        .map(([key, value, category]) => {
          const base = category === 'party' ? '"host":"h","path":"/"' : '"element":"#e"';
          return eventText(randomUUID(), `{${base},${JSON.stringify(key)}:${value}}`, category);
        }),
      // Any JSON value where an event should be.
      valueText,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 4 }), async (events) => {
        const { status, json } = await post(`[${events.join(',')}]`);
        expect(status).toBeLessThan(500);
        if (json.results) {
          expect(json.results).toHaveLength(events.length);
          for (const result of json.results) {
            if (result.status === 'rejected') {
              expect(result.errors!.length).toBeGreaterThan(0);
              for (const error of result.errors!) {
                expect(typeof error.field).toBe('string');
                expect(CODES.has(error.code)).toBe(true);
              }
            } else {
              expect(result.event_id).toEqual(expect.any(String));
            }
          }
        } else {
          expect(CODES.has(json.error!.code)).toBe(true);
        }
      }),
      { numRuns: 60, seed: 20261213 },
    );
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
  });
});
