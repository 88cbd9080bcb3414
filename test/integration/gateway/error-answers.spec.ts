import { gzipSync } from 'node:zlib';
import { QUERY_MAX_BODY_BYTES } from '@eventline/contracts';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { rawRequest } from '../../support/raw-http.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const writer = testApiKey('shop', ['ingest', 'query']);
const SESSION = 'e2085be5-9137-4e4e-80b5-f1ffddc25423';

/** Every error body the gateway sends: `{"error":{"code","message"}}` and perhaps `field`. */
const errorShape = (code: string) => ({
  error: expect.objectContaining({ code, message: expect.any(String) }),
});

describe('Every error the gateway produces has the documented body and names the problem', () => {
  let gateway: RunningGateway;
  const auth = { authorization: `Bearer ${writer.key}` };

  beforeAll(async () => {
    gateway = await startGateway({
      natsUrl: testServers().natsUrl,
      namespace: uniqueNamespace('errshape'),
      keys: [writer],
    });
  });

  afterAll(() => gateway?.close());

  const answer = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${gateway.url}${path}`, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
  };

  it('404 for an unknown route', async () => {
    expect(await answer('/nope')).toMatchObject({ status: 404, body: errorShape('not_found') });
  });

  it('405 with Allow for a known path and another method', async () => {
    const put = await answer('/v1/events', { method: 'PUT', headers: auth });
    expect(put).toMatchObject({ status: 405, body: errorShape('method_not_allowed') });
    expect(put.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
    const health = await answer('/health/live', { method: 'DELETE' });
    expect(health).toMatchObject({ status: 405, body: errorShape('method_not_allowed') });
    expect(health.headers.get('allow')).toBe('GET');
  });

  it('413 and 415 for bodies', async () => {
    const post = (body: string, type: string) =>
      answer('/v1/events', { method: 'POST', headers: { ...auth, 'content-type': type }, body });
    expect(await post(' '.repeat(gateway.config.BODY_LIMIT_BYTES + 1), 'application/json')).toMatchObject({
      status: 413,
      body: errorShape('body_too_large'),
    });
    expect(await post('a=1', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: errorShape('unsupported_media_type'),
    });
  });

  it('413 before reading a body sent to a route that reads none, probes and 404s included', async () => {
    // Only the head is sent: the answer comes before any byte of the declared megabyte.
    const head = (line: string, extra = '') =>
      `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${extra}Content-Length: 1000000\r\n\r\n`;
    for (const [line, extra] of [
      ['GET /health/live', ''],
      ['GET /metrics', ''],
      ['GET /nope', ''],
      [`GET /v1/sessions`, `Authorization: Bearer ${writer.key}\r\n`],
      [`GET /v1/sessions/${SESSION}/events`, `Authorization: Bearer ${writer.key}\r\n`],
    ]) {
      const refused = await rawRequest(gateway.url, head(line, extra));
      expect({ line, status: refused?.status }).toEqual({ line, status: 413 });
      expect(JSON.parse(refused?.body ?? '')).toEqual(errorShape('body_too_large'));
      expect(JSON.parse(refused?.body ?? '').error.message).toMatch(/takes no request body/);
    }
    // A chunked body declares no length: refused all the same.
    const chunked = await rawRequest(
      gateway.url,
      'GET /health/ready HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      '1\r\n{\r\n',
    );
    expect(chunked?.status).toBe(413);
    // No body, or an empty one, is what these routes expect.
    expect((await fetch(`${gateway.url}/health/live`, { headers: { 'content-length': '0' } })).status).toBe(
      200,
    );
  });

  it('413 for a query body past QUERY_MAX_BODY_BYTES, also when it arrives compressed', async () => {
    const query = (body: Buffer | string, headers: Record<string, string> = {}) =>
      answer('/v1/events/query', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        body,
      });
    const padded = `{"limit":1${' '.repeat(QUERY_MAX_BODY_BYTES)}}`;
    expect(await query(padded)).toMatchObject({ status: 413, body: errorShape('body_too_large') });
    expect(await query(gzipSync(padded), { 'content-encoding': 'gzip' })).toMatchObject({
      status: 413,
      body: errorShape('body_too_large'),
    });
    const get = await rawRequest(
      gateway.url,
      `GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${writer.key}\r\nContent-Type: application/json\r\nContent-Length: ${QUERY_MAX_BODY_BYTES + 1}\r\n\r\n`,
    );
    expect(get?.status).toBe(413);
    // Within the limit, the body is read as before (here: a filter the query validation refuses).
    expect(await query(JSON.stringify({ limit: 0 }))).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_limit' } },
    });
  });

  it('414 for an overlong path segment, 400 for a bad URL', async () => {
    expect(await answer(`/v1/sessions/${'a'.repeat(300)}/events`, { headers: auth })).toMatchObject({
      status: 414,
      body: errorShape('uri_too_long'),
    });
    expect(await answer('/v1/%zz', { headers: auth })).toMatchObject({
      status: 400,
      body: errorShape('bad_request'),
    });
  });

  it("431 and 400 that Node's HTTP server answers before any route, in the same body", async () => {
    const big = await rawRequest(
      gateway.url,
      `GET /v1/events HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(big?.status).toBe(431);
    expect(JSON.parse(big?.body ?? '')).toEqual(errorShape('headers_too_large'));
    const garbage = await rawRequest(gateway.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage?.status).toBe(400);
    expect(JSON.parse(garbage?.body ?? '')).toEqual(errorShape('bad_request'));
    expect(garbage?.closed).toBe(true);
  });

  it('says where a body that is not JSON broke', async () => {
    // The seed's first example with a trailing comma after "path": "/".
    const body = `{
  "session_id": "${SESSION}",
  "category": "party",
  "name": "shop",
  "data": { "host": "www.party.com", "path": "/", },
  "timestamp": "2021-09-26 09:15:27.243860"
}`;
    const { status, body: error } = await answer('/v1/events', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
    });
    expect(status).toBe(400);
    expect(error).toEqual(errorShape('invalid_body'));
    expect((error as { error: { message: string } }).error.message).toMatch(/line 5 column 51/);
  });

  it('says a missing data field is required', async () => {
    const event = {
      session_id: SESSION,
      category: 'party',
      name: 'shop',
      data: { path: '/' },
      timestamp: '2021-09-26 09:15:27',
    };
    const { body } = await answer('/v1/events', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(body).toMatchObject({
      results: [
        {
          status: 'rejected',
          errors: [{ field: 'data.host', code: 'invalid_data', message: 'data.host is required' }],
        },
      ],
    });
  });

  it.each(['-1', 'abc', ''])('says limit must be an integer 1-1000 for limit=%j', async (limit) => {
    const { status, body } = await answer(`/v1/events?limit=${limit}`, { headers: auth });
    expect([status, body]).toEqual([
      400,
      {
        error: { code: 'invalid_limit', field: 'limit', message: 'limit must be an integer from 1 to 1000' },
      },
    ]);
  });

  it.each([
    ['/v1/events?category=party&category=click', 'category'],
    ['/v1/events?limit=1&limit=2', 'limit'],
    ['/v1/events?start=2021-01-01&start=2021-01-02', 'start'],
    [`/v1/events?session_id=${SESSION}&session_id=${SESSION}`, 'session_id'],
    ['/v1/sessions?cursor=a.b&cursor=c.d', 'cursor'],
    [`/v1/sessions/${SESSION}/events?order=asc&order=desc`, 'order'],
  ])('answers invalid_parameter for a repeated parameter: %s', async (path, field) => {
    expect(await answer(path, { headers: auth })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_parameter', field } },
    });
  });

  it('answers invalid_parameter for an operator object in a JSON body', async () => {
    expect(
      await answer('/v1/events/query', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ category: { $ne: 'x' } }),
      }),
    ).toMatchObject({ status: 400, body: { error: { code: 'invalid_parameter', field: 'category' } } });
  });
});
