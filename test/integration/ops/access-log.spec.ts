import { createHash } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { freePort } from '../../support/free-port.js';
import { AppProcess } from './support/app-process.js';

const KEY = 'access-log-test-key-0123456789';

interface AccessLine {
  level: string;
  msg?: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

/**
 * The built gateway's access log with successful requests not sampled (rate 0): the ingest route
 * and a query route must both write one line per failed request, none for a success, and probes
 * none even when they fail.
 */
describe('the access log, sampling nothing that succeeded', () => {
  const namespace = uniqueNamespace('accesslog');
  let app: AppProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = new AppProcess('gateway', {
      NATS_URL: testServers().natsUrl,
      MONGO_URL: `${testServers().mongoUrl.replace(/\/?$/, '/')}${namespace}`,
      EVENTLINE_NAMESPACE: namespace,
      GATEWAY_SIGNING_SECRET: 'gateway-signing-secret-0123',
      QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
      API_KEYS: JSON.stringify([
        {
          app: 'shop',
          key_sha256: createHash('sha256').update(KEY).digest('hex'),
          scopes: ['ingest', 'query'],
        },
      ]),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ACCESS_LOG_SAMPLE_RATE: '0',
    });
    await app.waitUntilOk(`${url}/health/ready`);
  });

  afterAll(async () => {
    await app?.stop();
    const nc = await connectNats({ url: testServers().natsUrl, name: 'accesslog-cleanup' });
    const jsm = await jetstreamManager(nc);
    const topology = new EventTopology(namespace);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.drain();
  });

  const post = (requestId: string, body: unknown, key?: string) =>
    fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify(body),
    }).then((response) => response.status);
  const event = (timestamp: string) => ({
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'shop',
    data: { host: 'www.party.com', path: '/' },
    timestamp,
  });

  it('logs each failed request once, with its request id and status, and no successful one', async () => {
    expect(await post('ingest-ok', event('2021-09-26 09:15:27.243860'), KEY)).toBe(202);
    expect(await post('ingest-invalid', event('2021-02-30 09:15:27'), KEY)).toBe(400);
    expect(await post('ingest-no-key', event('2021-09-26 09:15:27'))).toBe(401);
    const query = await fetch(`${url}/v1/sessions?limit=0`, {
      headers: { authorization: `Bearer ${KEY}`, 'x-request-id': 'query-invalid' },
    });
    expect(query.status).toBe(400);
    const probe = await fetch(`${url}/health/unknown`, { headers: { 'x-request-id': 'probe-404' } });
    expect(probe.status).toBe(404);

    const completed = await eventually(async () => {
      const lines = app.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as AccessLine)
        .filter((line) => line.msg === 'request completed');
      expect(lines.map((line) => line.reqId).sort()).toEqual([
        'ingest-invalid',
        'ingest-no-key',
        'query-invalid',
      ]);
      return lines;
    });
    const byId = Object.fromEntries(completed.map((line) => [line.reqId, line]));
    expect(byId['ingest-invalid']).toMatchObject({
      level: 'info',
      req: { method: 'POST', url: '/v1/events' },
      res: { statusCode: 400 },
    });
    expect(byId['ingest-no-key']).toMatchObject({ res: { statusCode: 401 } });
    expect(byId['query-invalid']).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 400 } });
    expect(app.stdout).not.toContain(KEY);
  });
});
