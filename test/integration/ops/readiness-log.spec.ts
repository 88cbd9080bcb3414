import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppProcess } from './support/app-process.js';

describe('a failed readiness check', () => {
  let app: AppProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/health/ready`;
    app = new AppProcess('gateway', {
      NATS_URL: testServers().natsUrl,
      MONGO_URL: 'mongodb://127.0.0.1:1/unreachable',
      EVENTLINE_NAMESPACE: uniqueNamespace('readylog'),
      GATEWAY_SIGNING_SECRET: 'gateway-signing-secret-0123',
      QUERY_SIGNING_SECRET: 'query-signing-secret-0123',
      API_KEYS: '[]',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(() => app?.stop());

  it('answers 503 and is logged as a warning, not an error: an absent dependency is no fault of the app', async () => {
    await eventually(async () => expect((await fetch(url)).status).toBe(503), { timeoutMs: 30_000 });
    const lines = await eventually(async () => {
      const logged = app.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; msg?: string; context?: string });
      expect(logged.some((line) => line.msg?.includes('Health Check has failed'))).toBe(true);
      return logged;
    });
    expect(lines.filter((line) => line.msg?.includes('Health Check has failed'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'warn', context: 'Readiness' })]),
    );
    expect(lines.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
  });
});
