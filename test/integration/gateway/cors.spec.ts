import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const shop = testApiKey('shop', ['ingest']);

describe('CORS: browser pages on other origins', () => {
  const { natsUrl } = testServers();
  let open: RunningGateway;
  let listed: RunningGateway;

  beforeAll(async () => {
    open = await startGateway({ natsUrl, namespace: uniqueNamespace('corsany'), keys: [shop] });
    listed = await startGateway({
      natsUrl,
      namespace: uniqueNamespace('corslist'),
      keys: [shop],
      CORS_ORIGINS: 'https://shop.example',
    });
  });

  afterAll(async () => {
    await open?.close();
    await listed?.close();
  });

  const preflight = (gateway: RunningGateway, origin: string) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('answers a preflight for POST /v1/events with the Authorization header allowed', async () => {
    const response = await preflight(open, 'https://any.example');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('allows only the configured origins when CORS_ORIGINS lists them', async () => {
    const allowed = await preflight(listed, 'https://shop.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await preflight(listed, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
