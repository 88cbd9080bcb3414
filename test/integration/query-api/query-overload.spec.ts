import { ErrorCode } from '@eventline/contracts';
import { sampleValue } from '../ops/support/prometheus-text.js';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { StoredEvents } from '../../support/stored-events.js';
import { startTcpDelayProxy, TcpDelayProxy } from '../../support/tcp-delay-proxy.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const reader = testApiKey('shop', ['query']);
const SESSION = 'c2000000-0000-4000-8000-000000000001';
const QUERY_TIMEOUT_MS = 2000;
const MAX_IN_FLIGHT = 8;
const CONCURRENT = 200;

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
  elapsedMs: number;
}

describe('Query work is bounded end to end against a slow store', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('queryload');
  let store: StoredEvents;
  let proxy: TcpDelayProxy;
  let replica: QueryReplica;
  let gateway: RunningGateway;

  beforeAll(async () => {
    store = await StoredEvents.connect(databaseUrl(mongoUrl, namespace));
    await store.insert(
      Array.from({ length: 3 }, (_, i) => ({
        event_id: `0190a1b2-0000-7000-8000-00000000010${i}`,
        session_id: SESSION,
        timestamp: `2021-09-26 09:15:2${i}.000000`,
        seq: i + 1,
      })),
    );
    // The query replica reaches the database only through a proxy that can slow its replies.
    const upstream = new URL(mongoUrl);
    proxy = await startTcpDelayProxy(upstream.host);
    const slowUrl = new URL(databaseUrl(mongoUrl, namespace));
    slowUrl.host = proxy.address;
    replica = await startQueryReplica({
      natsUrl,
      mongoUrl: slowUrl.toString(),
      namespace,
      maxInFlight: MAX_IN_FLIGHT,
    });
    gateway = await startGateway({ natsUrl, namespace, keys: [reader], QUERY_TIMEOUT_MS });
  });

  afterAll(async () => {
    await gateway?.close();
    await replica?.close();
    await proxy?.close();
    await store?.dispose();
  });

  const ask = async (): Promise<Answer> => {
    const started = performance.now();
    const response = await fetch(`${gateway.url}/v1/sessions/${SESSION}/events`, {
      headers: { authorization: `Bearer ${reader.key}` },
    });
    const body = (await response.json()) as { error?: { code: string } };
    return {
      status: response.status,
      code: body.error?.code,
      retryAfter: response.headers.get('retry-after'),
      elapsedMs: performance.now() - started,
    };
  };
  const burst = () => Promise.all(Array.from({ length: CONCURRENT }, ask));
  const replicaMetrics = async () => {
    const { port } = replica.app.getHttpServer().address() as { port: number };
    return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  };

  it('answers every one of 200 concurrent queries with 200, 503 or 504 within QUERY_TIMEOUT_MS + 1 s', async () => {
    // Slower than the queries' time limit: the admitted ones time out, the rest are shed.
    proxy.setReplyDelay(QUERY_TIMEOUT_MS + 1000);
    const answers = await burst();
    for (const answer of answers) {
      expect([200, 503, 504]).toContain(answer.status);
      expect(answer.elapsedMs).toBeLessThan(QUERY_TIMEOUT_MS + 1000);
    }
    const busy = answers.filter((a) => a.code === ErrorCode.QueryBusy);
    const timedOut = answers.filter((a) => a.code === ErrorCode.QueryTimeout);
    expect(busy.length).toBeGreaterThanOrEqual(CONCURRENT - MAX_IN_FLIGHT);
    expect(busy.every((a) => a.status === 503 && a.retryAfter === '1')).toBe(true);
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);

    const metrics = await replicaMetrics();
    const count = (outcome: string) =>
      sampleValue(metrics, 'eventline_query_duration_seconds_count', { outcome }) ?? 0;
    expect(count('query_busy')).toBeGreaterThanOrEqual(busy.length);
    expect(count('query_timeout')).toBeGreaterThan(0);
  });

  it('reports the replica not ready while its store is this slow, ready again after', async () => {
    const { port } = replica.app.getHttpServer().address() as { port: number };
    proxy.setReplyDelay(QUERY_TIMEOUT_MS + 1000);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(503);
    proxy.setReplyDelay(0);
    await eventually(async () =>
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200),
    );
  });

  it('answers normally right after the store is fast again', async () => {
    proxy.setReplyDelay(0);
    // The slots free once the slow replies have come in (the work is never abandoned early).
    await eventually(async () =>
      expect(sampleValue(await replicaMetrics(), 'eventline_query_in_flight', {})).toBe(0),
    );
    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeLessThan(QUERY_TIMEOUT_MS);
    const answers = await burst();
    expect(answers.every((a) => a.status === 200 || a.code === ErrorCode.QueryBusy)).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
  });
});
