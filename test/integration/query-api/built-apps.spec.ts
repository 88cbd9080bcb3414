import { ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { testApiKey } from '../../support/gateway-app.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const reader = testApiKey('shop', ['query']);
const SESSION = 'e1000000-0000-4000-8000-000000000001';

function launch(app: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [`${root}dist/apps/${app}/src/main.js`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

// The built entry points (`npm run build`), as the images run them: main.ts config loading, the
// query service's hybrid NATS + health app, and the Swagger UI Jest cannot load in-process.
describe('built gateway and query service (dist/) as processes', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('queryproc');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  let store: StoredEvents;
  let gateway: ReturnType<typeof launch> | undefined;
  let query: ReturnType<typeof launch> | undefined;
  let gatewayUrl: string;
  let queryHealthUrl: string;

  beforeAll(async () => {
    store = await StoredEvents.connect(dbUrl);
    await store.insert([
      {
        event_id: '0190a1b2-0000-7000-8000-000000000001',
        session_id: SESSION,
        timestamp: '2021-09-26 09:15:27.243860',
        seq: 1,
      },
    ]);
    const [gatewayPort, healthPort] = [await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    queryHealthUrl = `http://127.0.0.1:${healthPort}`;
    query = launch('query', {
      NATS_URL: natsUrl,
      MONGO_URL: dbUrl,
      EVENTLINE_NAMESPACE: namespace,
      QUERY_CURSOR_SECRET: 'built-apps-cursor-secret',
      QUERY_SIGNING_SECRET: 'built-apps-query-signing-secret',
      HEALTH_PORT: String(healthPort),
      HEALTH_HOST: '127.0.0.1',
    });
    gateway = launch('gateway', {
      NATS_URL: natsUrl,
      EVENTLINE_NAMESPACE: namespace,
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      API_KEYS: JSON.stringify([reader.entry]),
      GATEWAY_SIGNING_SECRET: 'built-apps-signing-secret',
      QUERY_SIGNING_SECRET: 'built-apps-query-signing-secret',
    });
  });

  afterAll(async () => {
    await stop(gateway?.child);
    await stop(query?.child);
    await store?.dispose();
  });

  it('answers a session query end to end and reports the query service ready', async () => {
    await eventually(async () => expect((await fetch(`${queryHealthUrl}/health/ready`)).status).toBe(200), {
      timeoutMs: 30_000,
    }).catch((error: Error) =>
      Promise.reject(new Error(`${error.message}\nquery output:\n${query?.output()}`)),
    );
    const response = await eventually(
      async () => {
        const r = await fetch(`${gatewayUrl}/v1/sessions/${SESSION}/events`, {
          headers: { authorization: `Bearer ${reader.key}` },
        });
        expect(r.status).toBe(200);
        return r;
      },
      { timeoutMs: 30_000 },
    ).catch((error: Error) =>
      Promise.reject(new Error(`${error.message}\ngateway output:\n${gateway?.output()}`)),
    );
    expect((await response.json()).items).toEqual([
      expect.objectContaining({ timestamp: '2021-09-26 09:15:27.243860' }),
    ]);
  });

  it.each(['/docs', '/docs/'])('serves the Swagger UI at %s, every asset it loads included', async (path) => {
    const response = await eventually(async () => {
      const r = await fetch(`${gatewayUrl}${path}`);
      expect(r.status).toBe(200);
      return r;
    });
    const html = await response.text();
    expect(html).toContain('swagger');
    // The page's scripts and styles, resolved as a browser would against the page's own URL.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(
      (m) => new URL(m[1], `${gatewayUrl}${path}`),
    );
    expect(assets.map((url) => url.pathname)).toEqual(expect.arrayContaining(['/docs/swagger-ui-init.js']));
    for (const url of assets) {
      const asset = await fetch(url);
      // Read to the end: an unread body holds its connection open and the gateway's shutdown with it.
      await asset.arrayBuffer();
      expect({ url: url.pathname, status: asset.status }).toEqual({ url: url.pathname, status: 200 });
    }
  });

  it('the gateway closes and exits 0 on SIGTERM', async () => {
    const child = gateway!.child;
    const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('the query service drains and exits 0 on SIGTERM', async () => {
    const child = query!.child;
    const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
