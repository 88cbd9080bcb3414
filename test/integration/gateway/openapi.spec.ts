import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { validate } from '@readme/openapi-parser';
import { Ajv } from 'ajv';
import { EventTopology, QUERY_MAX_BODY_BYTES } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { OpenApiContract } from '../../support/openapi-contract.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const writer = testApiKey('AppName', ['ingest']);
const reader = testApiKey('AppName', ['query']);

type Operation = {
  responses: Record<string, { headers?: Record<string, unknown> }>;
  security?: unknown[];
  requestBody?: {
    content: Record<string, { schema: unknown; examples?: Record<string, { value: unknown }> }>;
  };
};

/** The body of README.md's curl example posting to /v1/events. */
function readmeEvent(): unknown {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const body = /curl -i [^\n]*\/v1\/events[\s\S]*?-d '([^']*)'/.exec(readme)?.[1];
  if (!body) throw new Error('README.md has no curl example posting to /v1/events');
  return JSON.parse(body);
}

describe('the OpenAPI document (/docs-json) is the HTTP contract', () => {
  const namespace = uniqueNamespace('openapi');
  const { natsUrl } = testServers();
  let gateway: RunningGateway;
  let contract: OpenApiContract;
  let operations: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    gateway = await startGateway({ natsUrl, namespace, keys: [writer, reader], RATE_LIMIT_PER_MINUTE: 1000 });
    contract = await OpenApiContract.fetch(gateway.url);
    operations = contract.document.paths as typeof operations;
  });

  afterAll(async () => {
    await gateway?.close();
    const nc = await connectNats({ url: natsUrl, name: 'openapi-test-cleanup' });
    const jsm = await jetstreamManager(nc);
    const topology = new EventTopology(namespace);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  it('is a valid OpenAPI document (validated against the specification by @readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(contract.document) as never);
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('documents the API key as an opaque bearer token (not a JWT) on every /v1 route', () => {
    const schemes = (contract.document.components as { securitySchemes: Record<string, object> })
      .securitySchemes;
    expect(schemes.api_key).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.api_key).not.toHaveProperty('bearerFormat');
    for (const [path, methods] of Object.entries(operations).filter(([p]) => p.startsWith('/v1/'))) {
      for (const operation of Object.values(methods))
        expect({ path, security: operation.security }).toEqual({ path, security: [{ api_key: [] }] });
    }
  });

  it('lists every status each route can answer', () => {
    const statuses = (path: string, method: string) => Object.keys(operations[path][method].responses).sort();
    expect(statuses('/v1/events', 'post')).toEqual([
      '202',
      '207',
      '400',
      '401',
      '403',
      '408',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    for (const [path, method] of [
      ['/v1/events', 'get'],
      ['/v1/events/query', 'post'],
      ['/v1/sessions', 'get'],
    ])
      expect(statuses(path, method)).toEqual([
        '200',
        '400',
        '401',
        '403',
        '408',
        '413',
        '429',
        '500',
        '503',
        '504',
      ]);
    expect(statuses('/v1/sessions/{session_id}/events', 'get')).toContain('404');
    // 413: a body sent where none is read (docs/api.md, "Request bodies").
    expect(statuses('/health/ready', 'get')).toEqual(['200', '413', '503']);
    const described = (path: string, method: string) =>
      (operations[path][method].responses['413'] as { description: string }).description;
    expect(described('/v1/events/query', 'post')).toContain(String(QUERY_MAX_BODY_BYTES));
    expect(described('/v1/sessions', 'get')).toContain('takes no request body');
    for (const [path, methods] of Object.entries(operations).filter(([p]) => p.startsWith('/v1/'))) {
      for (const [method, operation] of Object.entries(methods))
        expect({ [`${method} ${path}`]: operation.responses['429'].headers }).toEqual({
          [`${method} ${path}`]: expect.objectContaining({ 'Retry-After': expect.anything() }),
        });
    }
  });

  it("gives POST /v1/events a body schema per category, README.md's event as the example", () => {
    const body = operations['/v1/events'].post.requestBody!.content['application/json'];
    expect(body.schema).toEqual({
      oneOf: [{ $ref: '#/components/schemas/Event' }, { $ref: '#/components/schemas/EventBatch' }],
    });
    expect(body.examples?.event.value).toEqual(readmeEvent());
    const schemas = (contract.document.components as { schemas: Record<string, object> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['PartyEvent', 'PageViewEvent', 'ClickEvent', 'FormSubmitEvent', 'ErrorEvent']),
    );
    // The schemas state the rules the gateway applies: the README's event passes, a wrong one fails.
    const ajv = new Ajv({ strict: false });
    const isEvent = ajv.compile({
      $ref: '#/components/schemas/Event',
      components: contract.document.components,
    });
    expect(isEvent(readmeEvent())).toBe(true);
    const wrong = readmeEvent() as { data: Record<string, unknown> };
    expect(isEvent({ ...wrong, data: { ...wrong.data, unknown_key: 1 } })).toBe(false);
    expect(isEvent({ ...wrong, data: { host: 'www.party.com', path: 'no-slash' } })).toBe(false);
    expect(isEvent({ ...wrong, category: 'no_such_category' })).toBe(false);
    // An optional field may be null, as the validation lets it be; a required one may not.
    expect(isEvent({ ...wrong, event_id: null })).toBe(true);
    expect(isEvent({ ...wrong, session_id: null })).toBe(false);
    const click = { ...wrong, category: 'click', data: { element: '#buy', text: null } };
    expect(isEvent(click)).toBe(true);
    expect(isEvent({ ...click, data: { element: null } })).toBe(false);
  });

  describe("real answers match the document's schema for their route and status", () => {
    const ingest = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${gateway.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.key}`, ...headers },
        body,
      });
    const event = readmeEvent() as Record<string, unknown>;

    async function expectDocumented(method: string, route: string, response: Response, status: number) {
      expect(response.status).toBe(status);
      const problems = contract.check({
        method,
        route,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: await response.text(),
      });
      expect(problems).toEqual([]);
    }

    it.each([
      ['202, all accepted', JSON.stringify(event), 202],
      ['207, some rejected', JSON.stringify([event, { ...event, timestamp: 'yesterday' }]), 207],
      ['400, none valid', JSON.stringify({ ...event, session_id: 'nope' }), 400],
      ['400 invalid_body', '{"not json', 400],
      ['403 untrusted_app', JSON.stringify({ ...event, name: 'OtherApp' }), 403],
      ['413 too_many_events', JSON.stringify(Array.from({ length: 501 }, () => event)), 413],
    ])('POST /v1/events: %s', async (_name, body, status) => {
      await expectDocumented('POST', '/v1/events', await ingest(body), status);
    });

    it('POST /v1/events: 401 without a key, 403 with a key lacking `ingest`, 415 for text/plain', async () => {
      await expectDocumented(
        'POST',
        '/v1/events',
        await ingest(JSON.stringify(event), { authorization: '' }),
        401,
      );
      const asReader = await ingest(JSON.stringify(event), { authorization: `Bearer ${reader.key}` });
      await expectDocumented('POST', '/v1/events', asReader, 403);
      const text = await ingest(JSON.stringify(event), { 'content-type': 'text/plain' });
      await expectDocumented('POST', '/v1/events', text, 415);
    });

    it('the query routes: 400 for a bad parameter, 503 while no query service answers', async () => {
      const auth = { authorization: `Bearer ${reader.key}` };
      const bad = await fetch(`${gateway.url}/v1/events?limit=0`, { headers: auth });
      await expectDocumented('GET', '/v1/events', bad, 400);
      // Nothing serves this test's namespace: the gateway answers query_unavailable.
      const none = await fetch(`${gateway.url}/v1/sessions`, { headers: auth });
      await expectDocumented('GET', '/v1/sessions', none, 503);
    });

    it('/health/live, /health/ready and /metrics', async () => {
      await expectDocumented('GET', '/health/live', await fetch(`${gateway.url}/health/live`), 200);
      await expectDocumented('GET', '/health/ready', await fetch(`${gateway.url}/health/ready`), 200);
      await expectDocumented('GET', '/metrics', await fetch(`${gateway.url}/metrics`), 200);
    });

    it('/health/ready answers a documented 503 while MongoDB is unreachable', async () => {
      const blind = await startGateway({
        natsUrl,
        namespace,
        keys: [writer],
        MONGO_URL: 'mongodb://127.0.0.1:1/x',
      });
      try {
        await expectDocumented('GET', '/health/ready', await fetch(`${blind.url}/health/ready`), 503);
      } finally {
        await blind.close();
      }
    });

    it('429 with Retry-After past the rate limit', async () => {
      const limited = await startGateway({ natsUrl, namespace, keys: [writer], RATE_LIMIT_PER_MINUTE: 1 });
      try {
        const first = await fetch(`${limited.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.key}` },
          body: JSON.stringify(event),
        });
        expect(first.status).toBe(202);
        const second = await fetch(`${limited.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.key}` },
          body: JSON.stringify(event),
        });
        expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
        await expectDocumented('POST', '/v1/events', second, 429);
      } finally {
        await limited.close();
      }
    });

    it('the check itself fails an undocumented status or field', () => {
      const answer = { method: 'POST', route: '/v1/events', contentType: 'application/json' };
      expect(contract.check({ ...answer, status: 418, body: '{}' })).toEqual([
        'POST /v1/events → 418: status not in the OpenAPI document',
      ]);
      const extra = JSON.stringify({ error: { code: 'forbidden', message: 'no', secret: 'x' } });
      expect(contract.check({ ...answer, status: 403, body: extra })).not.toEqual([]);
      const badCode = JSON.stringify({ error: { code: 'made_up', message: 'no' } });
      expect(contract.check({ ...answer, status: 403, body: badCode })).not.toEqual([]);
    });
  });
});
