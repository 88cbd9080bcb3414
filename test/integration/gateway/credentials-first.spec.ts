import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { rawRequest } from '../../support/raw-http.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const writer = testApiKey('shop', ['ingest']);
const reader = testApiKey('shop', ['query']);

const MALFORMED = '{"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423",';
const TWO_MB = 'x'.repeat(2 * 1024 * 1024);

describe('Credentials are checked before any of the body is read', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({
      natsUrl: testServers().natsUrl,
      namespace: uniqueNamespace('credfirst'),
      keys: [writer, reader],
    });
  });

  afterAll(() => gateway?.close());

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${gateway.url}/v1/events`, { method: 'POST', headers, body });
  const errorCode = async (response: Response) => [
    response.status,
    ((await response.json()) as { error: { code: string } }).error.code,
  ];

  const cases: Array<[string, string, Record<string, string>]> = [
    ['malformed JSON', MALFORMED, { 'content-type': 'application/json' }],
    ['a 2 MB body', TWO_MB, { 'content-type': 'application/json' }],
    ['a text/plain body', 'hello', { 'content-type': 'text/plain' }],
  ];

  it.each(cases)('answers 401 to %s without a key, and with an unknown key', async (_, body, headers) => {
    expect(await errorCode(await post(body, headers))).toEqual([401, 'unauthorized']);
    const unknown = await post(body, { ...headers, authorization: 'Bearer made-up-key' });
    expect(await errorCode(unknown)).toEqual([401, 'unauthorized']);
  });

  it.each(cases)('answers 403 to %s from a key without the ingest scope', async (_, body, headers) => {
    const response = await post(body, { ...headers, authorization: `Bearer ${reader.key}` });
    expect(await errorCode(response)).toEqual([403, 'forbidden']);
  });

  it('answers an authenticated caller about its body: 400, 413, 415', async () => {
    const auth = { authorization: `Bearer ${writer.key}` };
    const answers = await Promise.all(cases.map(([, body, headers]) => post(body, { ...headers, ...auth })));
    expect(await Promise.all(answers.map(errorCode))).toEqual([
      [400, 'invalid_body'],
      [413, 'body_too_large'],
      [415, 'unsupported_media_type'],
    ]);
  });

  it('answers 401 on the headers alone, while the announced body has not been sent', async () => {
    const head = (authorization: string) =>
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: 500000\r\n${authorization}\r\n`;
    const anonymous = await rawRequest(gateway.url, head(''), '', 3000);
    expect(anonymous?.status).toBe(401);
    expect(JSON.parse(anonymous?.body ?? '{}')).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    // The same request with a valid key waits for the body it announced: nothing is answered.
    expect(await rawRequest(gateway.url, head(`Authorization: Bearer ${writer.key}\r\n`), '', 1500)).toBe(
      undefined,
    );
  });

  it('checks a GET with a JSON body before reading it', async () => {
    const answer = await rawRequest(
      gateway.url,
      'GET /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      '',
      3000,
    );
    expect(answer?.status).toBe(401);
  });

  it('keeps health, metrics, the OpenAPI document and CORS preflights open', async () => {
    for (const path of ['/health/live', '/metrics', '/docs-json']) {
      expect([path, (await fetch(`${gateway.url}${path}`)).status]).toEqual([path, 200]);
    }
    const preflight = await fetch(`${gateway.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
  });

  it('lets a browser page read the 401 (CORS headers on the refusal)', async () => {
    const response = await post(MALFORMED, {
      'content-type': 'application/json',
      origin: 'https://shop.example',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});
