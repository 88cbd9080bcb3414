import { randomBytes } from 'node:crypto';
import { sampleValue } from '../ops/support/prometheus-text.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const shopOne = testApiKey('shop', ['ingest', 'query']);
const shopTwo = testApiKey('shop', ['ingest']);
const blog = testApiKey('blog', ['ingest']);

const MADE_UP_KEYS = 50_000;
const PER_MINUTE = 100;

describe('Rate limits count applications and client addresses, in bounded memory', () => {
  const { natsUrl } = testServers();
  let gateway: RunningGateway;

  beforeEach(async () => {
    gateway = await startGateway({
      natsUrl,
      namespace: uniqueNamespace('ratelimit'),
      keys: [shopOne, shopTwo, blog],
      RATE_LIMIT_PER_MINUTE: PER_MINUTE,
    });
  });

  afterEach(() => gateway?.close());

  const get = (authorization?: string) =>
    fetch(`${gateway.url}/v1/events?limit=1`, { headers: authorization ? { authorization } : {} });
  const trackers = async () =>
    sampleValue(
      await (await fetch(`${gateway.url}/metrics`)).text(),
      'eventline_gateway_rate_limit_trackers',
      {},
    );

  it(`limits ${MADE_UP_KEYS} made-up keys like no key, per client address, holding one tracker`, async () => {
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    // 50 clients in parallel, each sending its share one request at a time.
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < MADE_UP_KEYS) {
          next += 1;
          const response = await get(`Bearer ${randomBytes(18).toString('base64url')}`);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    // A fresh window opens every minute: on a slow machine the flood may span more than one.
    const windows = 1 + Math.floor((Date.now() - started) / 60_000);
    expect([...statuses.keys()].sort()).toEqual([401, 429]);
    expect(statuses.get(401)).toBeGreaterThanOrEqual(PER_MINUTE);
    expect(statuses.get(401)).toBeLessThanOrEqual(PER_MINUTE * windows);
    expect(statuses.get(429)).toBe(MADE_UP_KEYS - statuses.get(401)!);
    // One client address counted, whatever the keys.
    expect(await trackers()).toBe(1);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
  }, 180_000);

  it("counts every key of an application against the application's one limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++) {
      statuses.push((await get(`Bearer ${(i % 2 === 0 ? shopOne : shopTwo).key}`)).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect((await get(`Bearer ${shopOne.key}`)).status).toBe(429);
    expect((await get(`Bearer ${shopTwo.key}`)).status).toBe(429);
    // Another application, and anonymous callers (counted by address), have counts of their own.
    expect((await get(`Bearer ${blog.key}`)).status).toBe(403);
    expect((await get()).status).toBe(401);
    expect(await trackers()).toBe(3);
  });

  it('never limits health, metrics or the OpenAPI document', async () => {
    for (let i = 0; i <= PER_MINUTE; i++) await (await get()).arrayBuffer();
    expect((await get()).status).toBe(429);
    for (const path of ['/health/live', '/metrics', '/docs-json']) {
      expect((await fetch(`${gateway.url}${path}`)).status).toBe(200);
    }
  });
});
