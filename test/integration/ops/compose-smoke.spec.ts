import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppName, AppProcess } from './support/app-process.js';
import { composeEnvironment, readmeExample } from './support/compose-file.js';
import { sampleValue } from './support/prometheus-text.js';

describe('the processes docker compose starts, with its environment', () => {
  const namespace = uniqueNamespace('smoke');
  const { natsUrl, mongoUrl } = testServers();
  const apps: Partial<Record<AppName, AppProcess>> = {};
  let gatewayUrl: string;
  const healthUrls: Partial<Record<AppName, string>> = {};

  beforeAll(async () => {
    // Only where compose's hosts, ports and credentials cannot be used here: this machine's NATS
    // (no users configured) and MongoDB, free ports, and a namespace and database of its own.
    const local = async (service: AppName, portVariable: 'PORT' | 'HEALTH_PORT') => {
      const env = composeEnvironment(service);
      expect(env[portVariable]).toBeDefined();
      delete env.NATS_USER;
      delete env.NATS_PASS;
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      if (service === 'gateway') gatewayUrl = url;
      else healthUrls[service] = url;
      return {
        NODE_ENV: 'production', // the image's ENV
        ...env,
        [portVariable]: String(port),
        NATS_URL: natsUrl,
        MONGO_URL: databaseUrl(mongoUrl, namespace),
        EVENTLINE_NAMESPACE: namespace,
      };
    };
    apps.gateway = new AppProcess('gateway', await local('gateway', 'PORT'));
    apps.ingestor = new AppProcess('ingestor', await local('ingestor', 'HEALTH_PORT'));
    apps.query = new AppProcess('query', await local('query', 'HEALTH_PORT'));
    await Promise.all([
      apps.gateway.waitUntilOk(`${gatewayUrl}/health/ready`),
      apps.ingestor.waitUntilOk(`${healthUrls.ingestor}/health/ready`),
      apps.query.waitUntilOk(`${healthUrls.query}/health/ready`),
    ]);
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    const nc = await connectNats({ url: natsUrl, name: 'smoke-cleanup' });
    const jsm = await jetstreamManager(nc);
    const topology = new EventTopology(namespace);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.drain();
  });

  it("accepts the README's example event with the demo key and answers it back through the query API", async () => {
    const { headers, body } = readmeExample();
    const posted = await fetch(`${gatewayUrl}/v1/events`, { method: 'POST', headers, body });
    expect(posted.status).toBe(202);
    const accepted = (await posted.json()) as { accepted: number; results: { event_id: string }[] };
    expect(accepted.accepted).toBe(1);

    const event = JSON.parse(body) as { session_id: string };
    const page = await eventually(
      async () => {
        const response = await fetch(`${gatewayUrl}/v1/sessions/${event.session_id}/events`, {
          headers: { authorization: headers.authorization },
        });
        expect(response.status).toBe(200);
        const json = (await response.json()) as { items: unknown[]; next_cursor: string | null };
        expect(json.items).toHaveLength(1);
        return json;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(page).toEqual({
      items: [{ ...event, event_id: accepted.results[0].event_id, received_at: expect.any(String) }],
      next_cursor: null,
    });
  });

  it('counts that event in the metrics of all three', async () => {
    const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const [gateway, ingestor, query] = await Promise.all([
      scrape(gatewayUrl),
      scrape(healthUrls.ingestor!),
      scrape(healthUrls.query!),
    ]);
    expect(sampleValue(gateway, 'eventline_gateway_events_accepted_total', { category: 'party' })).toBe(1);
    expect(sampleValue(ingestor, 'eventline_ingestor_events_stored_total', { category: 'party' })).toBe(1);
    expect(
      sampleValue(query, 'eventline_query_duration_seconds_count', {
        route: 'query.sessions.events',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
