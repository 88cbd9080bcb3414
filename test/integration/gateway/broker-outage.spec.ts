import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { DedicatedServer, dedicatedNats } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { uniqueNamespace } from '../../support/test-environment.js';

const shop = testApiKey('shop', ['ingest']);
const event = {
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'party',
  name: 'shop',
  data: { host: 'www.party.com', path: '/' },
  timestamp: '2021-09-26 09:15:27.243860',
};

describe('gateway while NATS is down', () => {
  let nats: DedicatedServer;
  let gateway: RunningGateway;

  beforeAll(async () => {
    nats = await dedicatedNats();
    gateway = await startGateway({
      natsUrl: nats.url,
      namespace: uniqueNamespace('gwoutage'),
      keys: [shop],
      PUBLISH_TIMEOUT_MS: 2000,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await nats?.dispose();
  });

  // A hung request fails the test through this abort instead of waiting for Jest's timeout.
  const post = () =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.key}` },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(15_000),
    });

  it('answers 503 broker_unavailable instead of hanging, and accepts again once NATS is back', async () => {
    expect((await post()).status).toBe(202);

    await nats.stop();
    const response = await post();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: 'broker_unavailable', message: expect.any(String) },
    });
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(503);

    await nats.start();
    await eventually(async () => expect((await post()).status).toBe(202), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
  });
});
